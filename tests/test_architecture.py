"""The rule that keeps views thin, checked on the syntax tree: a view or an API
endpoint parses, calls a service and renders; it never writes a model itself.
Every change of state goes through a service function (one transaction, the
version checked, one audit event), as `cases/workflow.py` and
`intake/triage.py` do.

The import rules (the floors, no app importing another's views) are import-linter
contracts in pyproject.toml, run by `make lint` as this test is; the tests at the
end check that those contracts name every app and every module of views or URLs,
that docs/directory-structure.md names every module, and that the examples of
README.md's "Contributing" still exist, so none of them can drift."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sentinelle"

# Writes whatever they are called on: no dict or form has these.
ALWAYS_WRITES = {"save", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
# Writes when called on a queryset or a manager (`dict.update` is not one).
QUERYSET_WRITES = {"create", "update", "delete"}
# Methods that return a queryset: what they are called on is one too.
QUERYSET_METHODS = {
    "all", "filter", "exclude", "select_related", "prefetch_related", "order_by", "annotate", "alias",
    "only", "defer", "distinct", "select_for_update", "using", "none", "reverse", "visible_to", "active",
}


def checked_modules() -> list[Path]:
    """Every module of views (views.py, views_<part>.py) and of the API (api.py,
    api_<part>.py) of the project, tests and migrations aside."""
    return sorted(
        path for path in PACKAGE.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
        and (path.stem.split("_")[0] in {"views", "api"} or path.stem == "public_views")
    )


def _is_queryset(node: ast.expr) -> bool:
    """`X.objects...`, `X._default_manager...`, a `*_set` related manager, or the
    result of a queryset method such as `.filter(...)`."""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr in {"objects", "_default_manager"} or node.attr.endswith("_set"):
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr in QUERYSET_METHODS:
                return True
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return False


def model_writes(source: str) -> list[tuple[int, str]]:
    """(line, call) of each model write in the module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        bare_delete = name == "delete" and not node.args and not node.keywords
        unsaved = name == "save" and any(k.arg == "commit" for k in node.keywords)  # a form's save(commit=False)
        if unsaved:
            continue
        if name in ALWAYS_WRITES or bare_delete or (name in QUERYSET_WRITES and _is_queryset(node.func.value)):
            found.append((node.lineno, ast.unparse(node)[:100]))
    return sorted(found)


def test_the_checked_modules_are_found() -> None:
    names = {str(path.relative_to(ROOT)) for path in checked_modules()}
    assert {"sentinelle/cases/views_cases.py", "sentinelle/cases/api.py", "sentinelle/intake/views_staff.py",
            "sentinelle/views.py", "sentinelle/api.py"} <= names


def test_the_detector_sees_writes_and_leaves_dicts_and_files_alone() -> None:
    source = (
        "def view(request, case, form, context):\n"
        "    context.update({'a': 1})\n"                     # a dict
        "    context.update(a=1)\n"                          # a dict
        "    Case.objects.filter(pk=1).update(status='x')\n"  # 4
        "    case.save(update_fields=['status'])\n"          # 5
        "    form.save()\n"                                  # 6
        "    Note.objects.create(text='x')\n"                # 7
        "    case.shares.all().delete()\n"                   # 8
        "    case.delete()\n"                                # 9
        "    Target.objects.bulk_create([])\n"               # 10
        "    default_storage.delete(name)\n"                 # a file, not a model
        "    Tag.objects.get_or_create(name='x')\n"          # 12
        "    case.activity_set.create(kind='x')\n"           # 13
        "    new = form.save(commit=False)\n"                # nothing written yet
    )
    assert [line for line, _call in model_writes(source)] == [4, 5, 6, 7, 8, 9, 10, 12, 13]


def test_no_view_or_api_endpoint_writes_a_model() -> None:
    writes = [f"{path.relative_to(ROOT)}:{line}: {call}"
              for path in checked_modules() for line, call in model_writes(path.read_text())]
    assert not writes, (
        "A view or an API endpoint writes a model; move the write into a service "
        "(one function, one transaction, one audit event):\n" + "\n".join(writes)
    )


# The contracts and the map of the tree ------------------------------------------


def apps() -> list[str]:
    """The apps of the project: every folder of sentinelle/ with an apps.py."""
    return sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def contracts() -> dict[str, dict]:
    """The import-linter contracts of pyproject.toml, by id."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {contract["id"]: contract for contract in config["tool"]["importlinter"]["contracts"]}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def view_modules(app: str) -> list[str]:
    """The modules of views and URLs of an app: views.py, views_<part>.py, urls.py,
    urls_<part>.py, wherever they are in the app (tests aside)."""
    return sorted(
        module_name(path) for path in (PACKAGE / app).rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts and path.stem.split("_")[0] in {"views", "urls"}
    )


def test_every_app_stands_on_a_floor() -> None:
    floors = contracts()["floors"]["layers"]
    on_a_floor = {name.strip() for floor in floors for name in floor.split(":")}
    missing = [app for app in apps() if f"sentinelle.{app}" not in on_a_floor]
    assert not missing, (
        "These apps stand on no floor: in pyproject.toml, add each one to a layer of the contract "
        "id = \"floors\" (a floor of several apps is written \"sentinelle.a : sentinelle.b\"), then "
        "to lib-imports-no-app's forbidden_modules and to \"The floors\" in docs/directory-structure.md: "
        + ", ".join(f"sentinelle.{app}" for app in missing)
    )


def test_lib_is_forbidden_every_app() -> None:
    forbidden = set(contracts()["lib-imports-no-app"]["forbidden_modules"])
    missing = [f"sentinelle.{app}" for app in apps() if f"sentinelle.{app}" not in forbidden]
    assert not missing, (
        "lib may import these apps: in pyproject.toml, add them to the forbidden_modules of the contract "
        "id = \"lib-imports-no-app\": " + ", ".join(missing)
    )


def test_every_module_of_views_or_urls_is_protected() -> None:
    every_contract = contracts()
    unprotected = []
    for app in apps():
        modules = view_modules(app)
        if not modules:
            continue
        contract = every_contract.get(f"views-of-{app}")
        if contract is None:
            unprotected.append(
                f"{app} has no contract: in pyproject.toml, add a contract id = \"views-of-{app}\" "
                f"(type = \"protected\", as views-of-cases) whose protected_modules are {modules}"
            )
            continue
        missing = [name for name in modules if name not in contract["protected_modules"]]
        if missing:
            unprotected.append(
                f"in pyproject.toml, add {missing} to the protected_modules of the contract "
                f"id = \"views-of-{app}\""
            )
    assert not unprotected, (
        "A module of views or URLs is not protected, so another app could import it:\n"
        + "\n".join(unprotected)
    )


def test_the_apps_and_their_modules_of_views_are_found() -> None:
    assert {"accounts", "cases", "intake", "operations", "demo"} <= set(apps())
    assert "lib" not in apps()
    assert {"sentinelle.intake.urls_staff", "sentinelle.intake.views_staff",
            "sentinelle.intake.views_escalations"} <= set(view_modules("intake"))


def documented() -> tuple[set[str], dict[str, str]]:
    """What docs/directory-structure.md names: the path of every module at the start
    of a line in a code block, under the heading of its folder ("## sentinelle/lib/",
    "### sentinelle/intake/"; "## Top level" is the repository's root, ""), and the
    text of each folder's section."""
    modules: set[str] = set()
    sections: dict[str, str] = {}
    folder: str | None = None
    in_block = False
    for line in (ROOT / "docs" / "directory-structure.md").read_text().splitlines():
        if line.startswith("#"):
            words = line.lstrip("#").split()
            if words == ["Top", "level"]:
                folder = ""
            else:
                folder = words[0] if words and words[0].endswith("/") else None
        elif line.startswith("```"):
            in_block = not in_block
        elif folder is not None:
            sections[folder] = sections.get(folder, "") + line + "\n"
            first = line.split()[0] if in_block and line[:1].strip() else ""
            if first.endswith((".py", ".sh")):
                modules.add(folder + first)
    return modules, sections


def modules_to_document() -> list[Path]:
    """Every module of sentinelle/ (tests, migrations, management commands and
    __init__.py aside), and every script and benchmark."""
    skipped = {"tests", "migrations", "management"}
    return sorted(
        [path for path in PACKAGE.rglob("*.py")
         if path.name != "__init__.py" and not skipped & set(path.relative_to(PACKAGE).parts)]
        + [path for path in (ROOT / "scripts").iterdir() if path.suffix in {".py", ".sh"}]
        + list((ROOT / "bench").glob("*.py"))
    )


def test_the_directory_structure_names_every_module() -> None:
    modules, _sections = documented()
    missing = [str(path.relative_to(ROOT)) for path in modules_to_document()
               if str(path.relative_to(ROOT)) not in modules]
    assert not missing, (
        "docs/directory-structure.md does not name these modules: add a line for each, starting with "
        "its name, in the code block under the heading of its folder (\"### sentinelle/<app>/\", "
        "\"## sentinelle/lib/\", \"## scripts/\", \"## bench/\"):\n" + "\n".join(missing)
    )


def test_every_module_the_directory_structure_names_exists() -> None:
    modules, _sections = documented()
    gone = sorted(name for name in modules if not (ROOT / name).is_file())
    assert not gone, (
        "docs/directory-structure.md names modules that do not exist: remove their lines, or give the "
        "name they have now:\n" + "\n".join(gone)
    )


def test_the_directory_structure_names_every_command_and_test_folder() -> None:
    _modules, sections = documented()
    commands = [path for path in PACKAGE.glob("*/management/commands/*.py") if path.name != "__init__.py"]
    unnamed = [str(path.relative_to(ROOT)) for path in commands
               if not re.search(rf"\b{path.stem}\b", sections.get(f"sentinelle/{path.parents[2].name}/", ""))]
    folders = sorted(path for path in (ROOT / "tests").iterdir()
                     if path.is_dir() and not path.name.startswith((".", "_")))
    top_level = sections.get("", "").splitlines()
    unnamed += [f"tests/{path.name}/" for path in folders
                if not any(line.startswith(f"tests/{path.name}/ ") for line in top_level)]
    assert not unnamed, (
        "docs/directory-structure.md does not name these: add each command to the line "
        "\"management/commands/\" of its app's section, and each folder of tests/ to \"## Top level\":\n"
        + "\n".join(unnamed)
    )


def test_the_examples_of_the_contributing_notes_exist() -> None:
    """README.md's "Contributing" says where new code goes, each with an example
    written "`name` in `path`" (or "of `path`"): the name must still be in that file."""
    readme = (ROOT / "README.md").read_text()
    notes = readme[readme.index("## Contributing"):]
    notes = notes[:notes.index("\n## ", 1)]
    examples = re.findall(r"`([\w.()]+)`\s+(?:in|of)\s+`((?:sentinelle|tests)/[\w/]+\.py)`", notes)
    assert len(examples) >= 8
    stale = [
        f"{name} in {path}" for name, path in examples
        if not (ROOT / path).is_file() or not all(
            re.search(rf"\b{re.escape(part)}\b", (ROOT / path).read_text())
            for part in name.replace("()", "").split("."))
    ]
    assert not stale, (
        "README.md's \"Contributing\" gives examples that are no longer where it says: "
        "give their new place, or another example:\n" + "\n".join(stale)
    )
