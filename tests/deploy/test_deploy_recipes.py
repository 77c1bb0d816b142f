"""The container and cluster recipes in deploy/ and the README's Community Cloud promises, checked as text.

No Docker or Kubernetes here: the Dockerfile's paths must exist in the repository and its commands must agree
with each other; the Kubernetes YAML must parse (with a deliberately small parser for the block subset the
file uses, since PyYAML is not a dependency) and its parts must point at each other.
"""

import ast
import json
import re
import shlex
import tomllib
from importlib.metadata import version

import pytest
from helpers import ROOT

DEPLOY = ROOT / "deploy"


# --- A small YAML reader: block mappings and lists, plain and double-quoted scalars; anything else fails. ---


def _scalar(text):
    if text.startswith('"'):
        return json.loads(text)  # a double-quoted YAML scalar without escapes beyond JSON's
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    if any(mark in text for mark in ("{", "[", "&", "*", "|", ">", "'", " #")):
        raise ValueError(f"outside the YAML subset this reader understands: {text!r}")
    return text


def _block(lines, start, indent):
    """Parse the block of lines at exactly `indent` from lines[start]; return (value, next index)."""
    if lines[start][1].startswith("- "):
        items, i = [], start
        while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
            rest = lines[i][1][2:]
            if ":" in rest and not rest.startswith('"'):  # "- key: value" opens a mapping one level in
                lines[i] = (indent + 2, rest)
                value, i = _block(lines, i, indent + 2)
            else:
                value, i = _scalar(rest), i + 1
            items.append(value)
        return items, i
    mapping, i = {}, start
    while i < len(lines) and lines[i][0] == indent:
        key, _, rest = lines[i][1].partition(":")
        if not key or key in mapping or (rest and not rest.startswith(" ")):
            raise ValueError(f"not a new 'key: value' line: {lines[i][1]!r}")
        if rest.strip():
            mapping[key], i = _scalar(rest.strip()), i + 1
        elif i + 1 < len(lines) and lines[i + 1][0] > indent:
            mapping[key], i = _block(lines, i + 1, lines[i + 1][0])
        else:
            raise ValueError(f"a key with no value: {key!r}")
    if i < len(lines) and lines[i][0] > indent:
        raise ValueError(f"unexpected indentation: {lines[i][1]!r}")
    return mapping, i


def load_documents(text):
    """Every '---'-separated document of a block-style YAML file."""
    if "\t" in text:
        raise ValueError("tabs in YAML indentation")
    documents = []
    for chunk in re.split(r"^---$", text, flags=re.MULTILINE):
        lines = [
            (len(line) - len(line.lstrip(" ")), line.strip())
            for line in chunk.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        if lines:
            value, end = _block(lines, 0, lines[0][0])
            assert end == len(lines), f"unparsed YAML from: {lines[end][1]!r}"
            documents.append(value)
    return documents


def test_the_small_yaml_reader_reads_what_it_claims_and_refuses_the_rest():
    text = 'a: 1\nb:\n  - x: "8"\n    y: two\n  - plain\nc:\n  d: true\n'
    assert load_documents(text) == [{"a": 1, "b": [{"x": "8", "y": "two"}, "plain"], "c": {"d": True}}]
    for bad in ("a: [1, 2]\n", "a: 1\n   b: 2\n", "a:\n", "a: 1\na: 2\n", "a: x # note\n", "a:\tb\n"):
        with pytest.raises((ValueError, AssertionError)):
            load_documents(bad)


# --- Kubernetes ---


@pytest.fixture(scope="module")
def manifests():
    documents = load_documents((DEPLOY / "kubernetes.yaml").read_text())
    return {document["kind"]: document for document in documents}


def test_kubernetes_has_a_deployment_a_service_and_an_ingress(manifests):
    assert set(manifests) == {"Deployment", "Service", "Ingress"}
    assert manifests["Deployment"]["apiVersion"] == "apps/v1"
    assert manifests["Ingress"]["apiVersion"] == "networking.k8s.io/v1"


def test_the_deployment_runs_replicas_as_non_root_with_health_probes_and_the_shared_secret(manifests):
    deployment = manifests["Deployment"]["spec"]
    assert deployment["replicas"] >= 2
    pod = deployment["template"]
    assert deployment["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["spec"]["containers"]
    port = container["ports"][0]
    assert port["containerPort"] == 8501
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": port["name"]}
    (secret,) = [env for env in container["env"] if env["name"] == "STREAMLIT_SERVER_COOKIE_SECRET"]
    assert "value" not in secret, "the secret comes from a Kubernetes Secret, never from this file"
    assert secret["valueFrom"]["secretKeyRef"]["name"] == "cross-entropy-explorer"
    (database,) = [env for env in container["env"] if env["name"] == "CEE_DATABASE_URL"]
    assert database["valueFrom"]["secretKeyRef"] == {"name": "cross-entropy-explorer", "key": "database-url"}


def test_the_service_and_the_ingress_point_at_the_pods_with_cookie_affinity(manifests):
    service, ingress = manifests["Service"], manifests["Ingress"]
    container = manifests["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert service["spec"]["selector"] == manifests["Deployment"]["spec"]["selector"]["matchLabels"]
    assert service["spec"]["ports"][0]["targetPort"] == container["ports"][0]["name"]
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    (path,) = ingress["spec"]["rules"][0]["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] == service["spec"]["ports"][0]["name"]
    upload_limit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == f"{upload_limit}m"


# --- Dockerfile ---


@pytest.fixture(scope="module")
def dockerfile():
    """[(instruction, arguments)] with continuation lines joined and comments dropped."""
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [tuple(line.split(None, 1)) for line in lines]


def arguments(dockerfile, instruction):
    return [args for name, args in dockerfile if name == instruction]


def test_every_path_the_dockerfile_copies_exists_in_the_repository(dockerfile):
    copies = arguments(dockerfile, "COPY")
    assert copies
    for args in copies:
        *sources, _ = shlex.split(args)
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    copied = {source.rstrip("/") for args in copies for source in shlex.split(args)[:-1]}
    assert {"app.py", "pages", "assets", "requirements.txt", ".streamlit/config.toml"} <= copied
    assert app_modules() <= copied, "every module or package of ours that the app imports is in the image"


def app_modules():
    """The top-level modules and packages of this repository that the app's code imports."""
    ours = {path.stem for path in ROOT.glob("*.py")} | {path.name for path in ROOT.iterdir() if path.is_dir()}
    found = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("*/*.py")]:
        if path.parts[-2] in ("tests", "benchmarks", "deploy"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
    return {name if (ROOT / name).is_dir() else f"{name}.py" for name in found & ours}


def test_the_image_runs_the_app_as_a_non_root_user_with_a_health_check(dockerfile):
    (base,) = arguments(dockerfile, "FROM")
    assert base.startswith("python:3.12"), "the Python that Community Cloud and the tests use"
    assert arguments(dockerfile, "USER")[-1] not in ("root", "0")
    (command,) = arguments(dockerfile, "CMD")
    command = json.loads(command)
    assert command[:5] == ["python", "-m", "streamlit", "run", "app.py"]
    assert (ROOT / command[4]).exists()
    port = next(arg.split("=")[1] for arg in command if arg.startswith("--server.port="))
    assert arguments(dockerfile, "EXPOSE") == [port]
    (health,) = arguments(dockerfile, "HEALTHCHECK")
    assert f"127.0.0.1:{port}/_stcore/health" in health
    user = arguments(dockerfile, "USER")[-1]
    assert f"--uid {user}" in " ".join(arguments(dockerfile, "RUN")), "the user exists in the image"
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
    assert "*" in ignored, "only what the image copies enters the build context"


# --- Community Cloud ---


def test_requirements_pin_the_tested_streamlit_minor_and_nothing_outranks_them():
    requirements = (ROOT / "requirements.txt").read_text()
    (streamlit,) = [line for line in requirements.splitlines() if line.startswith("streamlit")]
    assert streamlit.split("#")[0].strip() == "streamlit>=1.67,<1.68"
    assert version("streamlit").startswith("1.67."), "the tests run on the pinned minor version"
    # Community Cloud reads the first of these it finds, and uv.lock, Pipfile and environment.yml come first.
    for outranking in ("uv.lock", "Pipfile", "environment.yml"):
        assert not (ROOT / outranking).exists(), f"{outranking} would replace requirements.txt"
    assert "dependencies" not in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_readme_says_how_to_deploy_on_community_cloud_and_behind_replicas():
    readme = (ROOT / "README.md").read_text()
    for promise in (
        "3.12",
        "requirements.txt",
        "uv.lock",
        "enableXsrfProtection",
        "deploy/serve.sh",
        "STREAMLIT_SERVER_COOKIE_SECRET",
        "HTTPS",
        "deploy/kubernetes.yaml",
        "deploy/Dockerfile",
    ):
        assert promise in readme, promise
