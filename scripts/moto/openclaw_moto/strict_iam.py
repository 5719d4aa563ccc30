"""Strict mode (launcher with OPENCLAW_MOTO_STRICT=1): IAM evaluated for the calls the product makes.

moto 5.2.1 can check identity policies (POST /moto-api/reset-auth with body 0 turns it on, "inf" off; the
switch is global to the process), but as shipped it is of little use for the product's roles:
- its action names are not IAM's (monitoring:* for cloudwatch:*, execute-api:PostToConnection for
  execute-api:ManageConnections, dynamodb:TransactWriteItems for the item actions inside it, ...);
- it checks resources only for S3: every other call is evaluated against "*", so an ARN-scoped Allow never
  matches;
- a statement whose Condition it cannot evaluate becomes an explicit Deny;
- AssumeRole of a role that trusts a service principal fails with HTTP 500.

This module replaces moto's permission check (IAMRequestBase.check_action_permitted) with one that
- maps each request to the IAM actions AWS authorizes for it, each with the resource ARN AWS uses, for the
  services the product calls (DynamoDB tables and indexes, SSM parameters, ECS tasks, task definitions and
  clusters, S3 objects and buckets (moto's own ARNs), STS roles, CloudWatch Logs log groups); a resource it cannot name is "unknown" and
  matches any Resource pattern (so it is checked by action only);
- evaluates identity policies as AWS does: an explicit Deny wins, otherwise one Allow is needed; Action,
  NotAction, Resource and NotResource with * and ? wildcards;
- IGNORES Condition blocks: a statement applies as if its conditions held (ArnEquals ecs:cluster,
  iam:PassedToService, kms:ViaService, s3:prefix ... are not checked);
- answers a refusal with AWS's message ("User: <arn> is not authorized to perform: <action> on resource:
  <arn>"), as AccessDeniedException for JSON protocols;
- records every evaluated (principal, action, resource, decision): GET /moto-api/openclaw/iam-calls lists
  them, POST /moto-api/openclaw/iam-calls/reset clears them; GET /moto-api/openclaw/role-policies lists every
  role's policies as deployed. Tests compare the two;
- requires iam:PassRole on the task definition's task and execution roles for ecs:RunTask, as AWS does.

AWS rules followed (documentation): TransactWriteItems needs the item action of each Put/Update/Delete/
ConditionCheck on its table (docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html and
the DynamoDB IAM actions table); execute-api:ManageConnections controls the @connections API
(docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html); RunTask with a
task or execution role needs iam:PassRole on them (docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html);
ListObjectsV2 and HeadBucket are authorized as s3:ListBucket, HeadObject as s3:GetObject (S3 API permissions
table); an explicit Deny beats any Allow (IAM policy evaluation logic).

Not checked at all: S3 request signatures (see _skip_signature), resource-based policies (bucket, key policies), SCPs, permission boundaries, session
policies, KMS calls services make on the caller's behalf (SecureString decryption), quotas, rate limits.
"""
from __future__ import annotations

import json
import re
import threading
from typing import Any

from moto.core.exceptions import AccessDeniedError, JsonRESTError
from moto.iam import access_control
from moto.moto_api._internal import urls as moto_api_urls

_PARTITION = "aws"

# moto's "<signing name>:<operation>" -> the IAM action(s) AWS authorizes for it (same resource).
ACTION_NAMES: dict[str, list[str]] = {
    "execute-api:PostToConnection": ["execute-api:ManageConnections"],
    "execute-api:GetConnection": ["execute-api:ManageConnections"],
    "execute-api:DeleteConnection": ["execute-api:ManageConnections"],
    "s3:ListBuckets": ["s3:ListAllMyBuckets"],
    "s3:HeadBucket": ["s3:ListBucket"],
    "s3:ListObjectsV2": ["s3:ListBucket"],
    "s3:ListObjects": ["s3:ListBucket"],
    "s3:GetPublicAccessBlock": ["s3:GetBucketPublicAccessBlock"],
    "s3:PutPublicAccessBlock": ["s3:PutBucketPublicAccessBlock"],
    "s3:DeletePublicAccessBlock": ["s3:PutBucketPublicAccessBlock"],
    "s3:GetBucketEncryption": ["s3:GetEncryptionConfiguration"],
    "s3:PutBucketEncryption": ["s3:PutEncryptionConfiguration"],
    "lambda:Invoke": ["lambda:InvokeFunction"],
}
# signing name -> IAM service prefix, where they differ
SERVICE_PREFIXES = {"monitoring": "cloudwatch"}

_TRANSACT_WRITE = {"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem", "Delete": "dynamodb:DeleteItem",
                   "ConditionCheck": "dynamodb:ConditionCheckItem"}

_lock = threading.Lock()
_calls: list[dict[str, Any]] = []


# --- what a request asks for -------------------------------------------------------------------------

def iam_action(moto_action: str) -> list[str]:
    """IAM action names for moto's '<signing name>:<operation>'."""
    service, _, operation = moto_action.partition(":")
    operation = re.sub(r"20\d\d_\d\d_\d\d$", "", operation)  # CloudFront/Route 53 model names carry a date
    name = f"{SERVICE_PREFIXES.get(service, service)}:{operation}"
    return ACTION_NAMES.get(name, [name])


def _json_body(request: Any) -> dict[str, Any]:
    body = request._body
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            return {}
    if isinstance(body, str) and body.strip().startswith("{"):
        try:
            return json.loads(body)
        except ValueError:
            return {}
    return {}


def _param(request: Any, name: str) -> str | None:
    value = request._data.get(name) if isinstance(request._data, dict) else None
    if isinstance(value, list):
        value = value[0] if value else None
    return value


def _dynamodb_table(request: Any, table: str) -> str:
    if table.startswith("arn:"):
        return table
    return f"arn:{_PARTITION}:dynamodb:{request._region}:{request.account_id}:table/{table}"


def _ssm_parameter(request: Any, name: str) -> str:
    if name.startswith("arn:"):
        return name
    return f"arn:{_PARTITION}:ssm:{request._region}:{request.account_id}:parameter/{name.lstrip('/')}"


def _ecs_arn(request: Any, kind: str, value: str) -> str:
    if value.startswith("arn:"):
        return value
    return f"arn:{_PARTITION}:ecs:{request._region}:{request.account_id}:{kind}/{value}"


def _ecs_task_definition(request: Any, value: str) -> Any:
    """The task definition RunTask starts: by family, the latest revision (what AWS authorizes against)."""
    try:
        from moto.ecs.models import ecs_backends
        return ecs_backends[request.account_id][request._region].describe_task_definition(value)
    except Exception:  # noqa: BLE001  (an unknown task definition fails in ECS itself)
        return None


def _delete_objects(bucket_arn: str, body: Any) -> list[tuple[str, str | None]]:
    import xml.etree.ElementTree as ElementTree
    text = body.decode("utf-8") if isinstance(body, bytes) else (body or "")
    pairs: list[tuple[str, str | None]] = []
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return [("s3:DeleteObject", bucket_arn)]
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] != "Object":
            continue
        fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in element}
        action = "s3:DeleteObjectVersion" if fields.get("VersionId") else "s3:DeleteObject"
        pairs.append((action, f"{bucket_arn}/{fields.get('Key', '')}"))
    return pairs or [("s3:DeleteObject", bucket_arn)]


def requested(request: Any, moto_resource: str) -> list[tuple[str, str | None]]:
    """(IAM action, resource ARN or None when unknown) pairs that AWS authorizes for this request."""
    service = request._service
    operation = request._action.partition(":")[2]
    actions = iam_action(request._action)
    resource: list[str | None]

    if service == "s3" and operation == "DeleteObject" and re.search(r"[?&]delete(=|&|$)", request._path or ""):
        # DeleteObjects: moto checks s3:DeleteObject on the bucket; AWS authorizes each key, and a key given
        # with a VersionId as s3:DeleteObjectVersion (S3 API reference, DeleteObjects, Permissions)
        return _delete_objects(moto_resource, request._body)

    if service == "s3" or service == "sts" or service == "iam":
        resource = [None if moto_resource in ("*", None) else moto_resource]
        if service == "s3" and moto_resource and moto_resource.endswith("/None"):
            resource = [moto_resource[: -len("/None")]]
        return [(a, r) for a in actions for r in resource]

    if service == "dynamodb":
        body = _json_body(request)
        if operation == "TransactWriteItems":
            pairs = []
            for item in body.get("TransactItems", []):
                for kind, action in _TRANSACT_WRITE.items():
                    if kind in item:
                        pairs.append((action, _dynamodb_table(request, item[kind].get("TableName", ""))))
            return pairs
        if operation == "TransactGetItems":
            return [("dynamodb:GetItem", _dynamodb_table(request, item.get("Get", {}).get("TableName", "")))
                    for item in body.get("TransactItems", [])]
        if operation in ("BatchGetItem", "BatchWriteItem"):
            return [(a, _dynamodb_table(request, t)) for a in actions for t in body.get("RequestItems", {})]
        table = body.get("TableName")
        if not table:
            return [(a, None) for a in actions]
        arn = _dynamodb_table(request, table)
        if body.get("IndexName"):
            arn += "/index/" + body["IndexName"]
        return [(a, arn) for a in actions]

    if service == "ssm":
        body = _json_body(request)
        names = body.get("Names") or ([body["Name"]] if body.get("Name") else [])
        if body.get("Path"):
            names = [body["Path"]]
        if names:
            return [(a, _ssm_parameter(request, n)) for a in actions for n in names]
        return [(a, None) for a in actions]

    if service == "ecs":
        body = _json_body(request)
        cluster = body.get("cluster", "default")
        cluster_name = cluster.split("/")[-1]
        if operation in ("RunTask", "StartTask"):
            definition = _ecs_task_definition(request, body.get("taskDefinition", ""))
            pairs = [(a, definition.arn if definition else None) for a in actions]
            # ECS passes the task definition's roles on the caller's behalf: AWS requires iam:PassRole on each
            for role in ("task_role_arn", "execution_role_arn"):
                if definition is not None and getattr(definition, role, None):
                    pairs.append(("iam:PassRole", getattr(definition, role)))
            return pairs
        if operation in ("StopTask", "DescribeTasks"):
            tasks = body.get("tasks") or ([body["task"]] if body.get("task") else [])
            return [(a, _ecs_arn(request, "task", t if t.startswith("arn:") else f"{cluster_name}/{t}"))
                    for a in actions for t in tasks] or [(a, None) for a in actions]
        if operation in ("ListTasks", "DescribeClusters") and body.get("cluster"):
            return [(a, _ecs_arn(request, "cluster", cluster_name)) for a in actions]
        if operation == "DescribeClusters" and body.get("clusters"):
            return [(a, c if c.startswith("arn:") else _ecs_arn(request, "cluster", c)) for a in actions for c in body["clusters"]]
        return [(a, None) for a in actions]

    if service == "logs":
        # a log group's actions are authorized on "log-group:<name>:*", the ARN form IAM policies use for them
        # (CloudWatch Logs user guide, "CloudWatch Logs resources and operations"); DescribeLogGroups lists the
        # account's groups and is authorized on "log-group:*" whatever prefix it asks for
        body = _json_body(request)
        prefix = f"arn:{_PARTITION}:logs:{request._region}:{request.account_id}:log-group:"
        if operation == "DescribeLogGroups":
            return [(a, prefix + "*") for a in actions]
        if body.get("logGroupName"):
            return [(a, prefix + body["logGroupName"] + ":*") for a in actions]
        return [(a, None) for a in actions]

    return [(a, None) for a in actions]


# --- how AWS evaluates identity policies -------------------------------------------------------------

def _matches(patterns: Any, value: str, ignore_case: bool) -> bool:
    for pattern in patterns if isinstance(patterns, list) else [patterns]:
        # IAM wildcards: * any run, ? one character; no character classes
        regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
        if re.fullmatch(regex, value, re.IGNORECASE if ignore_case else 0):
            return True
    return False


def _statement_applies(statement: dict[str, Any], action: str, resource: str | None) -> bool:
    if "Action" in statement:
        if not _matches(statement["Action"], action, True):
            return False
    elif "NotAction" in statement:
        if _matches(statement["NotAction"], action, True):
            return False
    else:
        return False
    if resource is None:  # unknown: moto cannot name it; checked by action only
        return True
    if "Resource" in statement:
        return _matches(statement["Resource"], resource, False)
    if "NotResource" in statement:
        return not _matches(statement["NotResource"], resource, False)
    return False
    # Condition: ignored on purpose (see the module comment)


def _documents(policies: list[Any]) -> list[dict[str, Any]]:
    documents = []
    for policy in policies:
        if isinstance(policy, str):
            text = policy
        elif isinstance(policy, dict) and "Statement" in policy:  # an inline policy from CloudFormation
            text = policy
        elif isinstance(policy, dict):
            text = policy["policy_document"]
        else:  # a managed Policy object
            text = next(v.document for v in policy.versions if v.is_default)
        documents.append(json.loads(text) if isinstance(text, str) else text)
    return documents


def decide(documents: list[dict[str, Any]], action: str, resource: str | None) -> str:
    """'Allow', 'Deny' (explicit) or 'ImplicitDeny'."""
    allowed = False
    for document in documents:
        statements = document.get("Statement", [])
        for statement in statements if isinstance(statements, list) else [statements]:
            if _statement_applies(statement, action, resource):
                if statement.get("Effect") == "Deny":
                    return "Deny"
                allowed = True
    return "Allow" if allowed else "ImplicitDeny"


def _trusts(request: Any, role_arn: str) -> bool:
    """AssumeRole: the role's trust policy must name the caller (an AWS principal), or its account."""
    try:
        role = request.backend.get_role_by_arn(role_arn)
    except Exception:  # noqa: BLE001
        return False
    caller = request._access_key.arn
    account = request.account_id
    accepted = {"*", caller, account, f"arn:{_PARTITION}:iam::{account}:root"}
    if ":assumed-role/" in caller:
        name = caller.split("/")[1]
        accepted.add(f"arn:{_PARTITION}:iam::{account}:role/{name}")
    document = json.loads(role.assume_role_policy_document)
    statements = document.get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        if statement.get("Effect") != "Allow" or not _matches(statement.get("Action", []), "sts:AssumeRole", True):
            continue
        principal = statement.get("Principal", {})
        aws = principal.get("AWS", []) if isinstance(principal, dict) else principal
        if any(p in accepted for p in (aws if isinstance(aws, list) else [aws])):
            return True
    return False  # a role that trusts only a service principal: AWS refuses an IAM identity, so do we


def _deny(request: Any, action: str, resource: str | None, reason: str) -> None:
    on = f" on resource: {resource}" if resource else ""
    message = f"User: {request._access_key.arn} is not authorized to perform: {action}{on} because {reason}"
    if isinstance(request, access_control.S3IAMRequest):
        request._raise_access_denied()
    target = request._headers.get("X-Amz-Target") or request._headers.get("x-amz-target")
    content_type = request._headers.get("Content-Type", "") or ""
    if request._service == "execute-api":  # REST-JSON: API Gateway answers 403 ForbiddenException
        error = JsonRESTError("ForbiddenException", message)
        error.code = 403
        raise error
    if target or "json" in content_type:
        error = JsonRESTError("AccessDeniedException", message)
        error.code = 400
        raise error
    raise _XmlAccessDenied("UnauthorizedOperation" if request._service == "ec2" else "AccessDenied", message)


class _XmlAccessDenied(AccessDeniedError):
    def __init__(self, code: str, message: str):  # noqa: D107  (AccessDeniedError's message has no resource)
        super(AccessDeniedError, self).__init__(code, message)


def check_action_permitted(self: Any, resource: str) -> None:
    if self._action == "sts:GetCallerIdentity":  # AWS allows it even under an explicit Deny
        return
    documents = _documents(self._access_key.collect_policies())
    for action, arn in requested(self, resource):
        decision = decide(documents, action, arn)
        if decision == "Allow" and action == "sts:AssumeRole" and arn and not _trusts(self, arn):
            decision = "NotTrusted"
        with _lock:
            _calls.append({"principal": self._access_key.arn, "action": action, "resource": arn,
                           "decision": decision})
        if decision == "Deny":
            _deny(self, action, arn, f"an explicit deny in an identity-based policy applies to {action}")
        if decision == "ImplicitDeny":
            _deny(self, action, arn, f"no identity-based policy allows the {action} action")
        if decision == "NotTrusted":
            _deny(self, action, arn, "the role's trust policy does not allow this principal")


# --- control endpoints -------------------------------------------------------------------------------

def _calls_response(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    with _lock:
        if request.method == "POST":
            _calls.clear()
            return 200, {}, json.dumps({"status": "ok"})
        return 200, {"Content-Type": "application/json"}, json.dumps(_calls)


def _role_policies_response(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    """Every role's identity policies as deployed (CloudFormation references resolved): {role name: [document]}."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import iam_backends
    backend = iam_backends[DEFAULT_ACCOUNT_ID][_PARTITION]
    roles: dict[str, list[Any]] = {}
    for role in list(backend.roles.values()):
        documents = []
        for name in backend.list_role_policies(role.name):
            documents.append(backend.get_role_policy(role.name, name)[1])
        attached, _ = backend.list_attached_role_policies(role.name)
        documents += list(attached)
        roles[role.name] = _documents(documents)
    return 200, {"Content-Type": "application/json"}, json.dumps(roles)


def _skip_signature(self: Any) -> None:
    """moto's S3 SigV4 check disagrees with the Java SDK v2 on some requests (ListObjectsV2 with a prefix is
    refused with SignatureDoesNotMatch): S3 signatures are not verified. The caller is still identified by its
    access key and session token, which is what the permission check needs."""


def install() -> None:
    access_control.IAMRequestBase.check_action_permitted = check_action_permitted
    access_control.S3IAMRequest.check_signature = _skip_signature
    moto_api_urls.url_paths["{0}/moto-api/openclaw/iam-calls"] = _calls_response
    moto_api_urls.url_paths["{0}/moto-api/openclaw/iam-calls/reset"] = _calls_response
    moto_api_urls.url_paths["{0}/moto-api/openclaw/role-policies"] = _role_policies_response


install()
