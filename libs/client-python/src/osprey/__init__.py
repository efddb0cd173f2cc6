"""Osprey's Python worker SDK and REST client.

.. code-block:: python

    import asyncio
    from osprey import Job, Worker

    worker = Worker("http://localhost:8080", api_key="osk_…")  # or OSPREY_URL / OSPREY_API_KEY

    @worker.task("payment-charge", timeout_ms=30_000, max_jobs=32)
    async def charge(job: Job, amount: int) -> dict[str, object]:
        return {"chargeId": f"ch-{job.key}"}

    asyncio.run(worker.run())

The same handlers take jobs from Kafka with ``Worker(transport="kafka", brokers="kafka:9092")``
(the ``kafka`` extra: ``pip install 'osprey-client[kafka]'``).
"""

from .auth import ClientCredentials, Credentials, credentials_from_env
from .client import OspreyClient
from .errors import BpmnError, OspreyApiError, OspreyConnectionError, OspreyError, TokenRequestError
from .job import Job, JobAlreadyAnswered
from .kafka_contract import KafkaContractError
from .kafka_transport import OspreyKafkaError
from .worker import Worker

__all__ = [
    "BpmnError",
    "ClientCredentials",
    "Credentials",
    "Job",
    "JobAlreadyAnswered",
    "KafkaContractError",
    "OspreyApiError",
    "OspreyClient",
    "OspreyConnectionError",
    "OspreyError",
    "OspreyKafkaError",
    "TokenRequestError",
    "Worker",
    "credentials_from_env",
]
