/** A Dockerfile read into stages of instructions (continuations joined, comments dropped). */
export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  /** The image after FROM (without the AS part). */
  from: string;
  alias: string | undefined;
  instructions: Instruction[];
  /** The last USER of the stage, if any. */
  user: string | undefined;
}

export interface Dockerfile {
  /** Instructions before the first FROM (ARG only, in a valid file). */
  preamble: Instruction[];
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (pending === '' && /^\s*(#|$)/.test(line)) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  if (pending !== '') logical.push(pending.trim());
  const out: Dockerfile = { preamble: [], stages: [] };
  for (const line of logical) {
    const m = /^(\S+)\s*(.*)$/s.exec(line);
    if (m === null) continue;
    const ins = { op: (m[1] ?? '').toUpperCase(), args: (m[2] ?? '').replace(/\s+/g, ' ') };
    if (ins.op === 'FROM') {
      const [from = '', as, alias] = ins.args.split(' ');
      out.stages.push({ from, alias: as?.toUpperCase() === 'AS' ? alias : undefined, instructions: [], user: undefined });
      continue;
    }
    const stage = out.stages.at(-1);
    if (stage === undefined) out.preamble.push(ins);
    else {
      stage.instructions.push(ins);
      if (ins.op === 'USER') stage.user = ins.args;
    }
  }
  return out;
}

/** The JSON (exec) form of ENTRYPOINT/CMD, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  try {
    const v: unknown = JSON.parse(args);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}
