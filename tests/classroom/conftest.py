"""The store's databases for the tests: a fresh SQLite file each, and a real PostgreSQL.

PostgreSQL comes from CEE_TEST_DATABASE_URL (with CEE_TEST_POSTGRES_DIR, the cluster's folder, for the restart
test), as .ci/run exports them; otherwise this starts its own throwaway cluster with .ci/postgres. Without a
PostgreSQL server its tests are skipped with a loud reason, and under CI=true they fail.
"""

import os
import shutil
import socket
import subprocess
import tempfile

import pytest
from helpers import ROOT

from classroom import store
from classroom.schema import metadata

POSTGRES = ROOT / ".ci" / "postgres"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _missing(message):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip("POSTGRESQL TESTS SKIPPED. " + message)


@pytest.fixture(scope="session")
def postgres():
    """(database URL, cluster folder) of a running PostgreSQL."""
    if os.environ.get("CEE_TEST_DATABASE_URL"):
        yield os.environ["CEE_TEST_DATABASE_URL"], os.environ.get("CEE_TEST_POSTGRES_DIR")
        return
    folder = tempfile.mkdtemp(prefix="cee-postgres-")
    started = subprocess.run([POSTGRES, "start", folder, str(_free_port())], capture_output=True, text=True)
    if started.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        _missing(f"Could not start PostgreSQL with .ci/postgres: {started.stderr.strip()[-300:]}")
    yield started.stdout.strip(), folder
    subprocess.run([POSTGRES, "stop", folder], check=False)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """(engine, URL) of an empty store, once in a fresh SQLite file and once in PostgreSQL."""
    url = f"sqlite:///{tmp_path / 'classes.sqlite'}"
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres")[0]
    engine = store.connect(url)
    yield engine, url
    with engine.begin() as connection:
        metadata.drop_all(connection)
    engine.dispose()


@pytest.fixture
def engine(database):
    return database[0]
