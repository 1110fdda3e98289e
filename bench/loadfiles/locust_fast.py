# CPU benchmark, Locust side: FastHttpUser requesting / back to back (no wait time).
# The Debian package's version string is empty; set one so nothing treats it as "pre 2.0".
import locust.runners

locust.runners.__version__ = "2.12.1"

from locust import constant, task  # noqa: E402
from locust.contrib.fasthttp import FastHttpUser  # noqa: E402


class FastUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def hit(self):
        self.client.get("/")
