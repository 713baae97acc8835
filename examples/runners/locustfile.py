"""locust -f examples/runners/locustfile.py --headless -u 4 -r 4 -t 5s --host http://127.0.0.1:8080 --csv locust"""

from locust import HttpUser, constant, task


class Shopper(HttpUser):
    wait_time = constant(0.05)

    @task(3)
    def cart(self) -> None:
        self.client.get("/cart")

    @task
    def add(self) -> None:
        self.client.post("/cart")
