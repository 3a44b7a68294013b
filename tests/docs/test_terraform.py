"""docs/examples/terraform: the root module that consumes `aksnet plan --format tfvars`.

What can be checked without the azurerm provider (it cannot be downloaded here, so
`terraform validate` and `terraform plan` are impossible; see test_validate_with_provider):

- `terraform fmt -check -recursive` is clean;
- for every example plan, the tfvars document converts to the module's variable types, and
  no key of it is dropped by the conversion (the module declares every key the tool writes);
- the module's locals, evaluated by `terraform console` on the tfvars of every example, give
  for_each maps whose values have every attribute main.tf reads (`each.value.a.b`), name only
  subnets that exist, and flag exactly the pools the module cannot create (static block);
- every `var.x` and `local.x` used is declared, every variable is used, and every argument
  main.tf sets on an azurerm resource or data source is one the provider documents (list
  below, from the azurerm 4.x documentation);
- docs/terraform.md describes every key of the document, and its ```hcl excerpts are
  verbatim parts of the module.

Skipped when no `terraform` binary is on PATH.
"""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("AKSNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CLI = os.environ.get("AKSNET_CLI")
MODULE = ROOT / "docs" / "examples" / "terraform"
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.json"))
TERRAFORM = shutil.which("terraform")

pytestmark = pytest.mark.skipif(TERRAFORM is None, reason="no terraform binary on PATH")

# Arguments of the azurerm 4.x resources and data sources the module uses, from the provider
# documentation (website/docs/r/*.html.markdown, website/docs/d/*.html.markdown of
# hashicorp/terraform-provider-azurerm). Nested blocks are "block.argument".
KNOWN_ARGUMENTS = {
    "resource azurerm_virtual_network": {
        "name", "resource_group_name", "location", "address_space", "tags", "dns_servers"},
    "data azurerm_virtual_network": {"name", "resource_group_name"},
    "resource azurerm_subnet": {
        "name", "resource_group_name", "virtual_network_name", "address_prefixes",
        "delegation"},
    "data azurerm_subnet": {"name", "resource_group_name", "virtual_network_name"},
    "resource azurerm_kubernetes_cluster": {
        "name", "location", "resource_group_name", "dns_prefix", "kubernetes_version",
        "private_cluster_enabled", "tags", "default_node_pool", "identity", "network_profile",
        "default_node_pool.name", "default_node_pool.temporary_name_for_rotation",
        "default_node_pool.vm_size", "default_node_pool.auto_scaling_enabled",
        "default_node_pool.node_count", "default_node_pool.min_count",
        "default_node_pool.max_count", "default_node_pool.max_pods",
        "default_node_pool.vnet_subnet_id", "default_node_pool.pod_subnet_id",
        "default_node_pool.upgrade_settings", "default_node_pool.upgrade_settings.max_surge",
        "identity.type",
        "network_profile.network_plugin", "network_profile.network_plugin_mode",
        "network_profile.network_data_plane", "network_profile.network_policy",
        "network_profile.ip_versions", "network_profile.pod_cidr", "network_profile.pod_cidrs",
        "network_profile.service_cidr", "network_profile.service_cidrs",
        "network_profile.dns_service_ip", "network_profile.load_balancer_sku",
        "network_profile.outbound_type"},
    "resource azurerm_kubernetes_cluster_node_pool": {
        "name", "kubernetes_cluster_id", "mode", "os_type", "vm_size", "auto_scaling_enabled",
        "node_count", "min_count", "max_count", "max_pods", "vnet_subnet_id", "pod_subnet_id",
        "tags", "upgrade_settings", "upgrade_settings.max_surge"},
    "resource azurerm_role_assignment": {"scope", "role_definition_name", "principal_id"},
}
META = {"count", "for_each", "depends_on", "provider", "lifecycle"}
# network_profile keys of which the tool writes one pair or the other (single/dual-stack)
ALTERNATIVES = {"pod_cidr", "pod_cidrs", "service_cidr", "service_cidrs"}


def tf_env(tmp_path):
    cfg = tmp_path / "terraformrc"
    cfg.write_text("")
    return dict(os.environ, TF_CLI_CONFIG_FILE=str(cfg), CHECKPOINT_DISABLE="1",
                TF_IN_AUTOMATION="1", TF_INPUT="0", NO_COLOR="1")


def tf_files():
    return sorted(MODULE.glob("*.tf"))


def strip_strings_and_comments(text):
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)
    return re.sub(r"(?m)(#|//).*$", "", text)


def blocks(text):
    """Top-level blocks: (kind, labels, body) with strings and comments removed."""
    clean = strip_strings_and_comments(text)
    out = []
    header = re.compile(r'^(resource|data|locals|check|output|variable|terraform|provider)'
                        r'((?:\s+"[^"]*")*)\s*\{', re.M)
    # labels come from the original text (the cleaned one has its strings emptied)
    for m, raw in zip(header.finditer(clean), header.finditer(text)):
        depth, j = 0, m.end() - 1
        while j < len(clean):
            if clean[j] == "{":
                depth += 1
            elif clean[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        labels = re.findall(r'"([^"]*)"', raw.group(2))
        out.append((m.group(1), labels, clean[m.end():j]))
    return out


def arguments(body, prefix=""):
    """Argument and nested block names of a block body, as dotted paths."""
    names, depth, i = [], 0, 0
    for line in body.splitlines():
        stripped = line.strip()
        if depth == 0:
            m = re.match(r"^(\w+)\s*=", stripped)
            if m:
                names.append(prefix + m.group(1))
            m = re.match(r"^(\w+)\s*\{", stripped)
            if m:
                nested_start = body.index(line, i)
                names.append(prefix + m.group(1))
                # the nested block's body
                k, d = body.index("{", nested_start), 0
                for j in range(k, len(body)):
                    if body[j] == "{":
                        d += 1
                    elif body[j] == "}":
                        d -= 1
                        if d == 0:
                            break
                if m.group(1) not in META:
                    names += arguments(body[k + 1:j], prefix + m.group(1) + ".")
        depth += line.count("{") + line.count("[") + line.count("(")
        depth -= line.count("}") + line.count("]") + line.count(")")
        i += len(line) + 1
    return names


# ---- tfvars of every example ------------------------------------------------------------------

@pytest.fixture(scope="module")
def tfvars(tmp_path_factory):
    if not CLI:
        pytest.skip("AKSNET_CLI is not set (run through ctest)")
    out = {}
    d = tmp_path_factory.mktemp("tfvars")
    for plan in EXAMPLES:
        path = d / f"{plan.stem}.tfvars.json"
        r = subprocess.run([CLI, "plan", str(plan), "--format", "tfvars", "--as-of",
                            "2026-11-26", "--output", str(path)],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode in (0, 1), f"{plan.name}: {r.stderr}"
        out[plan.stem] = (path, json.loads(path.read_text()))
    return out


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    """Evaluate expressions over variables.tf and locals.tf with a tfvars file."""
    work = tmp_path_factory.mktemp("console")
    for name in ("variables.tf", "locals.tf"):
        shutil.copy(MODULE / name, work / name)
    env = tf_env(work)

    def evaluate(var_file, expression):
        r = subprocess.run([TERRAFORM, "console", f"-var-file={var_file}",
                            "-var", "resource_group_name=rg-test", "-var", "location=westeurope"],
                           input=f"jsonencode({expression})\n", cwd=work, env=env,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, f"terraform console failed on {var_file}:\n{r.stderr}"
        return json.loads(json.loads(r.stdout))

    return evaluate


def test_module_files_exist():
    names = {p.name for p in tf_files()}
    assert {"versions.tf", "variables.tf", "locals.tf", "main.tf", "outputs.tf"} <= names


def test_fmt_check(tmp_path):
    r = subprocess.run([TERRAFORM, "fmt", "-check", "-recursive", "-diff", str(MODULE)],
                       capture_output=True, text=True, env=tf_env(tmp_path), timeout=120)
    assert r.returncode == 0, f"terraform fmt would change:\n{r.stdout}{r.stderr}"


def test_provider_is_pinned():
    versions = (MODULE / "versions.tf").read_text()
    m = re.search(r'azurerm\s*=\s*\{[^}]*source\s*=\s*"hashicorp/azurerm"[^}]*version\s*=\s*"([^"]+)"',
                  versions, re.S)
    assert m and re.match(r"^~>\s*4\.\d+", m.group(1)), "pin hashicorp/azurerm to ~> 4.x"


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_tfvars_keys_are_the_module_variables(example, tfvars, console):
    path, raw = tfvars[example]
    declared = set()
    for kind, labels, _body in blocks((MODULE / "variables.tf").read_text()):
        if kind == "variable":
            declared.add(labels[0])
    assert set(raw) <= declared, f"tfvars keys without a variable: {set(raw) - declared}"
    converted = console(path, "{" + ", ".join(f"{k} = var.{k}" for k in raw) + "}")
    assert converted["vnet_name"] == raw["vnet_name"]
    assert converted["vnet_address_space"] == raw["vnet_address_space"]
    assert converted["subnets"] == raw["subnets"]
    assert converted["existing_subnets"] == raw["existing_subnets"]
    assert set(converted["clusters"]) == set(raw["clusters"])
    for name, cluster in raw["clusters"].items():
        conv = converted["clusters"][name]
        assert set(conv) == set(cluster), f"cluster keys differ: {set(conv) ^ set(cluster)}"
        np_raw, np_conv = cluster["network_profile"], conv["network_profile"]
        dropped = set(np_raw) - set(np_conv)
        assert not dropped, f"network_profile keys the module drops: {dropped}"
        assert set(np_conv) - set(np_raw) <= ALTERNATIVES
        for key, value in np_raw.items():
            assert np_conv[key] == value, f"network_profile.{key}: {np_conv[key]!r} != {value!r}"
        for pname, pool in cluster["node_pools"].items():
            pconv = conv["node_pools"][pname]
            assert set(pconv) == set(pool), (
                f"node pool keys differ (tool {sorted(set(pool) - set(pconv))}, "
                f"module {sorted(set(pconv) - set(pool))})")
            for key, value in pool.items():
                assert pconv[key] == value, f"{name}/{pname}.{key}: {pconv[key]!r} != {value!r}"


def each_value_paths():
    """{for_each expression: {attribute path read through each.value}} of main.tf."""
    out = {}
    text = (MODULE / "main.tf").read_text()
    for kind, labels, body in blocks(text):
        if kind not in ("resource", "data"):
            continue
        m = re.search(r"^\s*for_each\s*=\s*(.+?)\s*$", body, re.M)
        if not m:
            assert "each." not in body, f"{kind} {labels} uses each without for_each"
            continue
        paths = {tuple(p.strip(".").split(".")) for p in re.findall(r"each\.value((?:\.\w+)+)", body)}
        out.setdefault(m.group(1), set()).update(paths)
    return out


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_for_each_maps_resolve(example, tfvars, console):
    path, raw = tfvars[example]
    paths = each_value_paths()
    assert {"var.subnets", "var.existing_subnets", "local.clusters",
            "local.extra_node_pools"} <= set(paths)
    for expression, attrs in paths.items():
        value = console(path, expression)
        assert isinstance(value, dict), f"for_each = {expression} is not a map"
        for key, item in value.items():
            for attr in attrs:
                node = item
                for part in attr:
                    assert isinstance(node, dict) and part in node, (
                        f"for_each = {expression}: [{key!r}] has no each.value.{'.'.join(attr)}")
                    node = node[part]

    ev = console(path, "{clusters = local.clusters, extra = local.extra_node_pools, "
                       "unknown = local.unknown_subnets, bad = local.bad_default_pools, "
                       "static = local.static_block_pools}")
    all_pools = {f"{c}/{p}" for c, cl in raw["clusters"].items() for p in cl["node_pools"]}
    defaults = {f"{c}/{cl['default_node_pool']}" for c, cl in raw["clusters"].items()}
    assert set(ev["extra"]) == all_pools - defaults
    for cname, cluster in ev["clusters"].items():
        dp = cluster["default_node_pool"]
        assert dp["name"] == raw["clusters"][cname]["default_node_pool"]
        assert cluster["network_profile"]["network_plugin"] == \
            raw["clusters"][cname]["network_profile"]["network_plugin"]
    assert ev["unknown"] == [], "pools name subnets that the tfvars neither create nor look up"
    assert ev["bad"] == [], "the first pool of a cluster is not a Linux System pool"
    static = sorted(f"{c}/{p}" for c, cl in raw["clusters"].items()
                    for p, pool in cl["node_pools"].items()
                    if pool["pod_ip_allocation_mode"] == "StaticBlock")
    assert ev["static"] == static


def test_the_module_flags_static_block_pools(tfvars, console):
    """The precondition that stops azurerm from silently creating dynamic pools."""
    path, _raw = tfvars["field-report-static-block"]
    assert console(path, "local.static_block_pools") == [
        "aks-prod/internet", "aks-prod/system", "aks-prod/vpnonly"]
    main = (MODULE / "main.tf").read_text()
    assert "condition     = length(local.static_block_pools) == 0" in main


def test_references_are_declared_and_used():
    texts = {p.name: p.read_text() for p in tf_files()}
    clean = {n: strip_strings_and_comments(t) for n, t in texts.items()}
    variables = {labels[0] for kind, labels, _ in blocks(texts["variables.tf"]) if kind == "variable"}
    local_names = set()
    for name, text in texts.items():
        for kind, _labels, body in blocks(text):
            if kind == "locals":
                local_names |= set(re.findall(r"^  (\w+)\s*=", body, re.M))
    used_vars, used_locals = set(), set()
    for name, text in clean.items():
        used_vars |= set(re.findall(r"\bvar\.(\w+)", text))
        used_locals |= set(re.findall(r"\blocal\.(\w+)", text))
    # references inside string templates ("${local.x}") count too
    for name, text in texts.items():
        used_locals |= set(re.findall(r"\$\{[^}]*\blocal\.(\w+)", text))
    assert used_vars <= variables, f"undeclared variables: {used_vars - variables}"
    assert used_locals <= local_names, f"undefined locals: {used_locals - local_names}"
    assert variables <= used_vars, f"unused variables: {variables - used_vars}"
    assert local_names <= used_locals, f"unused locals: {local_names - used_locals}"


def test_arguments_are_documented_by_azurerm():
    found = set()
    for path in tf_files():
        for kind, labels, body in blocks(path.read_text()):
            if kind not in ("resource", "data") or not labels[0].startswith("azurerm_"):
                continue
            key = f"{kind} {labels[0]}"
            assert key in KNOWN_ARGUMENTS, f"{key}: add its documented arguments to the test"
            found.add(key)
            args = {a for a in arguments(body) if a.split(".")[0] not in META}
            unknown = args - KNOWN_ARGUMENTS[key]
            assert not unknown, f"{key} {labels[1]}: arguments azurerm does not document: {unknown}"
    assert found == set(KNOWN_ARGUMENTS)


def test_validate_with_provider(tmp_path):
    """`terraform init` + `terraform validate`: only where the azurerm provider can be
    installed (network access or a provider mirror in the CLI configuration)."""
    if os.environ.get("AKSNET_TERRAFORM_VALIDATE") != "1":
        pytest.skip("terraform validate needs the azurerm provider, which cannot be installed "
                    "offline; set AKSNET_TERRAFORM_VALIDATE=1 where it can")
    work = tmp_path / "module"
    shutil.copytree(MODULE, work, ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*"))
    env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1", TF_INPUT="0")
    for cmd in (["init", "-backend=false", "-input=false"], ["validate", "-no-color"]):
        r = subprocess.run([TERRAFORM, *cmd], cwd=work, env=env, capture_output=True,
                           text=True, timeout=600)
        assert r.returncode == 0, f"terraform {cmd[0]}:\n{r.stdout}{r.stderr}"


def test_page_excerpts_are_from_the_module():
    """Every ```hcl block of docs/terraform.md is a verbatim excerpt of the module."""
    page = (ROOT / "docs" / "terraform.md").read_text()
    sources = "\n".join(p.read_text() for p in tf_files())
    excerpts = re.findall(r"^```hcl\n(.*?)^```$", page, re.M | re.S)
    assert excerpts, "docs/terraform.md shows no ```hcl excerpt"
    for excerpt in excerpts:
        assert excerpt.rstrip("\n") in sources, f"not in docs/examples/terraform:\n{excerpt}"


def test_page_documents_every_key(tfvars):
    """Every key the tool writes, in any example, appears in docs/terraform.md."""
    page = (ROOT / "docs" / "terraform.md").read_text()
    keys = set()
    for _path, raw in tfvars.values():
        keys |= set(raw)
        for cluster in raw["clusters"].values():
            keys |= set(cluster) | set(cluster["network_profile"])
            for pool in cluster["node_pools"].values():
                keys |= set(pool)
    missing = sorted(k for k in keys if not re.search(rf"`(?:[\w.]+\.)?{re.escape(k)}`", page))
    assert not missing, f"docs/terraform.md does not describe: {missing}"
