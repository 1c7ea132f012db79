"""Reads template.yaml: the table definition, the HTTP routes and the functions that serve them."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any

import yaml

from local_gateway.throttles import Limit, Throttles

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"

Handler = Callable[[dict[str, Any], Any], Any]


class _CfnLoader(yaml.SafeLoader):
    """Keeps CloudFormation short-form tags (!Ref, !Sub, ...) as {"Fn": value} instead of failing."""


def _cfn_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {suffix: value}


_CfnLoader.add_multi_constructor("!", _cfn_tag)


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # API Gateway syntax: /parties/{party_id}
    function: str  # logical id of the serving function
    public: bool = False  # `Auth: {Authorizer: NONE}`: no token is asked for (the portal's page)

    @property
    def route_key(self) -> str:
        return self.path if self.is_default else f"{self.method} {self.path}"

    @property
    def is_default(self) -> bool:
        """API Gateway's catch-all route: it has no path of its own to document."""
        return self.path == "$default"


@cache
def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return dict(yaml.load(handle, Loader=_CfnLoader))


def resources(kind: str, template: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    template = template or load_template()
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def table_definition(table_name: str) -> dict[str, Any]:
    """create_table arguments for the template's one table, under another name."""
    (table,) = resources("AWS::DynamoDB::Table").values()
    props = table["Properties"]
    keep = ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode")
    return {"TableName": table_name, **{k: props[k] for k in keep if k in props}}


def ttl_attribute() -> str:
    (table,) = resources("AWS::DynamoDB::Table").values()
    return str(table["Properties"]["TimeToLiveSpecification"]["AttributeName"])


def http_routes() -> list[Route]:
    routes = []
    for name, function in resources("AWS::Serverless::Function").items():
        for event in function["Properties"].get("Events", {}).values():
            if event["Type"] == "HttpApi":
                props = event["Properties"]
                public = props.get("Auth", {}).get("Authorizer") == "NONE"
                routes.append(Route(props["Method"].upper(), props["Path"], name, public))
    return routes


def _handler_location(function: str) -> tuple[Path, str, str, str]:
    """The code directory, the module, the attribute and the name the module is loaded under."""
    props = resources("AWS::Serverless::Function")[function]["Properties"]
    module_name, attribute = props["Handler"].rsplit(".", 1)
    return ROOT / props["CodeUri"], module_name, attribute, f"lambda_{function}_{module_name}"


def handler_module(function: str) -> ModuleType:
    """The module load_handler loaded for `function` (its entry point: `app`, the resolver, lives there)."""
    return sys.modules[_handler_location(function)[3]]


def load_handler(function: str) -> Handler:
    """Import a function's handler from its CodeUri, as the Lambda runtime would."""
    code_dir, module_name, attribute, unique = _handler_location(function)
    if str(code_dir) not in sys.path:
        sys.path.insert(0, str(code_dir))
    module = sys.modules.get(unique)
    if module is None:
        spec = importlib.util.spec_from_file_location(unique, code_dir / f"{module_name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[unique] = module
        spec.loader.exec_module(module)
    handler: Handler = getattr(module, attribute)
    return handler


Overrides = Mapping[str, str]
"""Template parameter values given at start, as `sam deploy --parameter-overrides` gives them."""


def parameter(name: str, overrides: Overrides) -> str | None:
    """A parameter's value: the override, else its default (what a deployment without overrides gets)."""
    if name in overrides:
        return overrides[name]
    declared = load_template().get("Parameters", {}).get(name, {})
    return str(declared["Default"]) if "Default" in declared else None


def _value(value: Any, overrides: Overrides) -> float:
    """A number, or a !Ref to a parameter."""
    if isinstance(value, dict) and "Ref" in value:
        given = parameter(value["Ref"], overrides)
        if given is None:
            raise ValueError(f"template parameter {value['Ref']} has no default: give it with --parameter-overrides")
        return float(given)
    return float(value)


def _limit(settings: dict[str, Any], overrides: Overrides) -> Limit:
    return Limit(
        rate=_value(settings["ThrottlingRateLimit"], overrides),
        burst=int(_value(settings["ThrottlingBurstLimit"], overrides)),
    )


def throttles(kind: str, overrides: Overrides = MappingProxyType({})) -> Throttles:
    """The stage throttles of the template's HTTP API (`http`) or WebSocket stage (`websocket`)."""
    resource_type = "AWS::Serverless::HttpApi" if kind == "http" else "AWS::ApiGatewayV2::Stage"
    (props,) = (r["Properties"] for r in resources(resource_type).values())
    routes = props.get("RouteSettings", {})
    return Throttles(
        default=_limit(props["DefaultRouteSettings"], overrides),
        per_route={key: _limit(settings, overrides) for key, settings in routes.items()},
    )
