// msgpackr loads this optional native accelerator inside a try block and falls back to pure JS
// when it throws. stampede always uses the pure JS path: the accelerator's per-platform binaries
// are not all published on every registry mirror (npm ci then refuses the lockfile), and npm 11
// blocks its install scripts anyway. See stubs/msgpackr-extract/README.md.
throw new Error('msgpackr-extract is not used by stampede; msgpackr runs in pure JS');
