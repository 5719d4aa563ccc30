"""Extra CloudFormation behaviour for moto 5.2.1 (tests only; the single place for moto extensions).

1. Resource types moto's CloudFormation skips but the product's stacks use. Each class creates its
   resource through moto's own service backend, so the resource is visible through that service's API
   and every Ref / Fn::GetAtt on it resolves: ApiGatewayV2 Api/Stage/Route/Integration/Authorizer/
   Deployment/RouteResponse, Cognito UserPool/UserPoolClient, CloudFront Distribution and
   OriginAccessControl, Lambda Alias and Version, S3 BucketPolicy, ECS ClusterCapacityProviderAssociations.
2. Stack operations closer to AWS (see shared/reference/moto-capabilities.md section 4):
   - ExecuteChangeSet computes Outputs, registers Exports and stores parameters and tags (moto drops
     them), so change-set deploys look like CreateStack/UpdateStack deploys;
   - every resource gets CREATE_IN_PROGRESS/CREATE_COMPLETE events (moto writes stack events only);
   - bucket policies are evaluated without their conditional statements: moto ignores Condition blocks,
     which turns the usual TLS-only Deny into "deny everything";
   - a resource that fails makes the stack ROLLBACK_COMPLETE (create) or UPDATE_ROLLBACK_COMPLETE
     (update) with a CREATE_FAILED/UPDATE_FAILED event carrying the reason, instead of an error on the
     request and a stack stuck in *_IN_PROGRESS;
   - deleting a stack deletes its route tables and their subnet associations (moto leaves them, and the
     VPC then cannot be deleted: "has dependencies").

The module path must have at least two dotted parts: moto's base metaclass reads the second part as
the service name. moto collects CloudFormationModel's direct subclasses, so every model subclasses it
directly; a later class for the same type wins over moto's own.
"""
import json
import uuid

from moto.apigatewayv2.models import apigatewayv2_backends
from moto.awslambda.models import lambda_backends
from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing as cfn_parsing
from moto.cloudfront.models import cloudfront_backends
from moto.cognitoidp.models import cognitoidp_backends
from moto.core.common_models import CloudFormationModel
from moto.ec2.models import ec2_backends
from moto.ec2.models.route_tables import RouteTable
from moto.ec2.models.subnets import SubnetRouteTableAssociation
from moto.ecs.models import ecs_backends
from moto.s3.models import FakeBucket, s3_backends


# ---------------------------------------------------------------------------------------------------
# Shared plumbing


def _props(cloudformation_json):
    return cloudformation_json.get("Properties", {}) or {}


class _Extension:
    """Helpers for the models below; each model also subclasses CloudFormationModel directly."""

    @staticmethod
    def cloudformation_name_type():
        return ""

    ATTRIBUTES = {}

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, attribute_name):
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        if attribute_name not in self.ATTRIBUTES:
            raise UnformattedGetAttTemplateException()
        return getattr(self, self.ATTRIBUTES[attribute_name])

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        # emulated as a replacement: good enough for an emulator, and every attribute is fresh
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        pass

    def delete(self, account_id, region_name):
        pass

    @property
    def physical_resource_id(self):
        return self.id


# ---------------------------------------------------------------------------------------------------
# API Gateway v2


class ApiGatewayV2Api(_Extension, CloudFormationModel):
    ATTRIBUTES = {"ApiId": "id", "ApiEndpoint": "api_endpoint"}

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::Api"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        api = apigatewayv2_backends[account_id][region_name].create_api(
            api_key_selection_expression=p.get("ApiKeySelectionExpression"),
            cors_configuration=p.get("CorsConfiguration"),
            description=p.get("Description"),
            disable_schema_validation=p.get("DisableSchemaValidation"),
            disable_execute_api_endpoint=p.get("DisableExecuteApiEndpoint"),
            name=p.get("Name", resource_name),
            protocol_type=p.get("ProtocolType", "HTTP"),
            route_selection_expression=p.get("RouteSelectionExpression"),
            tags=p.get("Tags") or {},
            version=p.get("Version"),
        )
        model = cls()
        model.id = api.api_id
        model.api_endpoint = api.api_endpoint
        return model

    def delete(self, account_id, region_name):
        apigatewayv2_backends[account_id][region_name].apis.pop(self.id, None)


class _ApiChild(_Extension):
    """A resource that lives inside one API (stage, route, integration, authorizer, ...)."""

    def _api(self, account_id, region_name):
        return apigatewayv2_backends[account_id][region_name].apis.get(self.api_id)


class ApiGatewayV2Stage(_ApiChild, CloudFormationModel):
    ATTRIBUTES = {}

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::Stage"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        config = {
            "stageName": p.get("StageName", resource_name),
            "autoDeploy": p.get("AutoDeploy"),
            "description": p.get("Description"),
            "stageVariables": p.get("StageVariables") or {},
            "tags": p.get("Tags") or {},
        }
        if p.get("DefaultRouteSettings"):
            config["defaultRouteSettings"] = {k[0].lower() + k[1:]: v for k, v in p["DefaultRouteSettings"].items()}
        apigatewayv2_backends[account_id][region_name].create_stage(p["ApiId"], config)
        model = cls()
        model.api_id = p["ApiId"]
        model.id = config["stageName"]  # Ref of a stage is its name
        return model

    def delete(self, account_id, region_name):
        api = self._api(account_id, region_name)
        if api:
            api.stages.pop(self.id, None)


class ApiGatewayV2Deployment(_ApiChild, CloudFormationModel):
    ATTRIBUTES = {"DeploymentId": "id"}

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::Deployment"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        # moto's API Gateway v2 has no deployments; an id is all templates use
        model = cls()
        model.api_id = _props(cloudformation_json).get("ApiId")
        model.id = uuid.uuid4().hex[:10]
        return model


class ApiGatewayV2Route(_ApiChild, CloudFormationModel):
    ATTRIBUTES = {"RouteId": "id"}

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::Route"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        route = apigatewayv2_backends[account_id][region_name].create_route(
            api_id=p["ApiId"],
            api_key_required=p.get("ApiKeyRequired", False),
            authorization_scopes=p.get("AuthorizationScopes"),
            authorization_type=p.get("AuthorizationType"),
            authorizer_id=p.get("AuthorizerId"),
            model_selection_expression=p.get("ModelSelectionExpression"),
            operation_name=p.get("OperationName"),
            request_models=p.get("RequestModels"),
            request_parameters=p.get("RequestParameters"),
            route_key=p["RouteKey"],
            route_response_selection_expression=p.get("RouteResponseSelectionExpression"),
            target=p.get("Target"),
        )
        model = cls()
        model.api_id = p["ApiId"]
        model.id = route.route_id
        return model

    def delete(self, account_id, region_name):
        api = self._api(account_id, region_name)
        if api:
            api.routes.pop(self.id, None)


class ApiGatewayV2RouteResponse(_ApiChild, CloudFormationModel):
    ATTRIBUTES = {"RouteResponseId": "id"}

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::RouteResponse"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        response = apigatewayv2_backends[account_id][region_name].create_route_response(
            api_id=p["ApiId"],
            route_id=p["RouteId"],
            route_response_key=p.get("RouteResponseKey", "$default"),
            model_selection_expression=p.get("ModelSelectionExpression"),
            response_models=p.get("ResponseModels"),
        )
        model = cls()
        model.api_id = p["ApiId"]
        model.id = response.id
        return model


class ApiGatewayV2Integration(_ApiChild, CloudFormationModel):
    ATTRIBUTES = {"IntegrationId": "id"}

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::Integration"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        integration = apigatewayv2_backends[account_id][region_name].create_integration(
            api_id=p["ApiId"],
            connection_id=p.get("ConnectionId"),
            connection_type=p.get("ConnectionType"),
            content_handling_strategy=p.get("ContentHandlingStrategy"),
            credentials_arn=p.get("CredentialsArn"),
            description=p.get("Description"),
            integration_method=p.get("IntegrationMethod"),
            integration_subtype=p.get("IntegrationSubtype"),
            integration_type=p.get("IntegrationType"),
            integration_uri=p.get("IntegrationUri"),
            passthrough_behavior=p.get("PassthroughBehavior"),
            payload_format_version=p.get("PayloadFormatVersion"),
            request_parameters=p.get("RequestParameters"),
            request_templates=p.get("RequestTemplates"),
            response_parameters=p.get("ResponseParameters"),
            template_selection_expression=p.get("TemplateSelectionExpression"),
            timeout_in_millis=p.get("TimeoutInMillis"),
            tls_config=p.get("TlsConfig"),
        )
        model = cls()
        model.api_id = p["ApiId"]
        model.id = integration.id
        return model

    def delete(self, account_id, region_name):
        api = self._api(account_id, region_name)
        if api:
            api.integrations.pop(self.id, None)


class ApiGatewayV2Authorizer(_ApiChild, CloudFormationModel):
    ATTRIBUTES = {"AuthorizerId": "id"}

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::Authorizer"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        jwt = p.get("JwtConfiguration")
        authorizer = apigatewayv2_backends[account_id][region_name].create_authorizer(
            api_id=p["ApiId"],
            auth_creds_arn=p.get("AuthorizerCredentialsArn"),
            auth_payload_format_version=p.get("AuthorizerPayloadFormatVersion"),
            auth_result_ttl=p.get("AuthorizerResultTtlInSeconds"),
            authorizer_uri=p.get("AuthorizerUri"),
            authorizer_type=p.get("AuthorizerType"),
            enable_simple_response=p.get("EnableSimpleResponses"),
            identity_source=p.get("IdentitySource"),
            identity_validation_expr=p.get("IdentityValidationExpression"),
            jwt_config={"audience": jwt.get("Audience"), "issuer": jwt.get("Issuer")} if jwt else None,
            name=p.get("Name", resource_name),
        )
        model = cls()
        model.api_id = p["ApiId"]
        model.id = authorizer.id
        return model

    def delete(self, account_id, region_name):
        api = self._api(account_id, region_name)
        if api:
            api.authorizers.pop(self.id, None)


# ---------------------------------------------------------------------------------------------------
# Cognito


class CognitoUserPool(_Extension, CloudFormationModel):
    ATTRIBUTES = {"Arn": "arn", "ProviderName": "provider_name", "ProviderURL": "provider_url", "UserPoolId": "id"}

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPool"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = dict(_props(cloudformation_json))
        name = p.pop("UserPoolName", resource_name)
        tags = p.pop("UserPoolTags", None)
        if tags:
            p["UserPoolTags"] = tags
        pool = cognitoidp_backends[account_id][region_name].create_user_pool(name, p)
        model = cls()
        model.id = pool.id
        model.arn = pool.arn
        model.provider_name = f"cognito-idp.{region_name}.amazonaws.com/{pool.id}"
        model.provider_url = f"https://{model.provider_name}"
        return model

    def delete(self, account_id, region_name):
        cognitoidp_backends[account_id][region_name].user_pools.pop(self.id, None)


class CognitoUserPoolClient(_Extension, CloudFormationModel):
    ATTRIBUTES = {"ClientId": "id", "ClientSecret": "client_secret", "Name": "name"}

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPoolClient"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = dict(_props(cloudformation_json))
        pool_id = p.pop("UserPoolId")
        generate_secret = bool(p.pop("GenerateSecret", False))
        p.setdefault("ClientName", resource_name)
        client = cognitoidp_backends[account_id][region_name].create_user_pool_client(pool_id, generate_secret, p)
        model = cls()
        model.id = client.id
        model.pool_id = pool_id
        model.name = p["ClientName"]
        model.client_secret = getattr(client, "secret", None)
        return model

    def delete(self, account_id, region_name):
        pool = cognitoidp_backends[account_id][region_name].user_pools.get(self.pool_id)
        if pool:
            pool.clients.pop(self.id, None)


# ---------------------------------------------------------------------------------------------------
# CloudFront


def _items(values):
    values = values or []
    return {"Quantity": len(values), "Items": values}


def _cloudfront_config(cfn_config):
    """CloudFormation's DistributionConfig (lists) → the API's shape (Quantity/Items) moto parses."""
    config = {k: v for k, v in cfn_config.items()
              if k not in ("Origins", "DefaultCacheBehavior", "CacheBehaviors", "Aliases", "CustomErrorResponses")}
    origins = []
    for origin in cfn_config.get("Origins", []):
        origin = dict(origin)
        if "S3OriginConfig" in origin:
            origin["S3OriginConfig"] = {"OriginAccessIdentity": origin["S3OriginConfig"].get("OriginAccessIdentity", "")}
        origins.append(origin)
    config["Origins"] = _items(origins)

    def behaviour(b):
        b = dict(b)
        if isinstance(b.get("AllowedMethods"), list):
            cached = b.pop("CachedMethods", ["GET", "HEAD"])
            b["AllowedMethods"] = {"Quantity": len(b["AllowedMethods"]), "Items": b["AllowedMethods"],
                                   "CachedMethods": _items(cached)}
        b.setdefault("ViewerProtocolPolicy", "allow-all")
        return b

    config["DefaultCacheBehavior"] = behaviour(cfn_config.get("DefaultCacheBehavior", {}))
    if cfn_config.get("CacheBehaviors"):
        config["CacheBehaviors"] = _items([behaviour(b) for b in cfn_config["CacheBehaviors"]])
    if cfn_config.get("Aliases"):
        config["Aliases"] = _items(cfn_config["Aliases"])
    if cfn_config.get("CustomErrorResponses"):
        config["CustomErrorResponses"] = _items(cfn_config["CustomErrorResponses"])
    config["CallerReference"] = str(uuid.uuid4())
    config.setdefault("Comment", "")
    config.setdefault("Enabled", True)
    return config


class CloudFrontDistribution(_Extension, CloudFormationModel):
    ATTRIBUTES = {"DomainName": "domain_name", "Id": "id"}

    @staticmethod
    def cloudformation_type():
        return "AWS::CloudFront::Distribution"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        config = _cloudfront_config(p.get("DistributionConfig", {}))
        distribution, _, _ = cloudfront_backends[account_id]["global"].create_distribution(config, p.get("Tags") or [])
        model = cls()
        model.id = distribution.distribution_id
        model.domain_name = distribution.domain_name
        return model

    def delete(self, account_id, region_name):
        cloudfront_backends[account_id]["global"].distributions.pop(self.id, None)


class CloudFrontOriginAccessControl(_Extension, CloudFormationModel):
    ATTRIBUTES = {"Id": "id"}

    @staticmethod
    def cloudformation_type():
        return "AWS::CloudFront::OriginAccessControl"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        config = dict(_props(cloudformation_json).get("OriginAccessControlConfig", {}))
        config.setdefault("Name", resource_name)
        control = cloudfront_backends[account_id]["global"].create_origin_access_control(config)
        model = cls()
        model.id = control.id
        return model

    def delete(self, account_id, region_name):
        cloudfront_backends[account_id]["global"].origin_access_controls.pop(self.id, None)


# ---------------------------------------------------------------------------------------------------
# Lambda


class LambdaVersion(_Extension, CloudFormationModel):
    """Replaces moto's model, whose Ref is the logical id and whose attributes are empty."""
    ATTRIBUTES = {"Version": "version", "FunctionArn": "function_arn"}

    @staticmethod
    def cloudformation_type():
        return "AWS::Lambda::Version"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        function = lambda_backends[account_id][region_name].publish_version(p["FunctionName"], p.get("Description", ""))
        model = cls()
        model.version = str(function.version)
        model.function_arn = function.function_arn.rsplit(":" + model.version, 1)[0]
        model.id = f"{model.function_arn}:{model.version}"  # Ref of a version is its qualified ARN
        return model

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)


class LambdaAlias(_Extension, CloudFormationModel):
    ATTRIBUTES = {"AliasArn": "id"}

    @staticmethod
    def cloudformation_type():
        return "AWS::Lambda::Alias"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        function_name = p["FunctionName"].split(":function:")[-1].split(":")[0]
        alias = lambda_backends[account_id][region_name].create_alias(
            name=p["Name"], function_name=function_name, function_version=str(p["FunctionVersion"]),
            description=p.get("Description", ""), routing_config=p.get("RoutingConfig"))
        model = cls()
        model.id = alias.arn
        model.name = p["Name"]
        model.function_name = function_name
        return model

    def delete(self, account_id, region_name):
        try:
            lambda_backends[account_id][region_name].delete_alias(self.name, self.function_name)
        except Exception:  # the function went first
            pass


# ---------------------------------------------------------------------------------------------------
# S3 and ECS


class S3BucketPolicy(_Extension, CloudFormationModel):
    @staticmethod
    def cloudformation_type():
        return "AWS::S3::BucketPolicy"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        document = p["PolicyDocument"]
        if not isinstance(document, str):
            document = json.dumps(document)
        s3_backends[account_id]["global"].put_bucket_policy(p["Bucket"], document.encode("utf-8"))
        model = cls()
        model.id = f"{p['Bucket']}-policy"
        model.bucket = p["Bucket"]
        return model

    def delete(self, account_id, region_name):
        try:
            s3_backends[account_id]["global"].delete_bucket_policy(self.bucket)
        except Exception:  # the bucket went first
            pass


class EcsClusterCapacityProviderAssociations(_Extension, CloudFormationModel):
    @staticmethod
    def cloudformation_type():
        return "AWS::ECS::ClusterCapacityProviderAssociations"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = _props(cloudformation_json)
        strategy = [{k[0].lower() + k[1:]: v for k, v in s.items()} for s in p.get("DefaultCapacityProviderStrategy", [])]
        ecs_backends[account_id][region_name].put_cluster_capacity_providers(
            p["Cluster"], p.get("CapacityProviders", []), strategy)
        model = cls()
        model.id = p["Cluster"]
        model.cluster = p["Cluster"]
        return model

    def delete(self, account_id, region_name):
        try:
            ecs_backends[account_id][region_name].put_cluster_capacity_providers(self.cluster, [], [])
        except Exception:  # the cluster went first
            pass


def _bucket_permission(self, action, resource):
    from moto.iam.access_control import IAMPolicy, PermissionResult

    if self.policy is None:
        return PermissionResult.NEUTRAL
    document = json.loads(self.policy)
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    unconditional = [s for s in statements if "Condition" not in s]
    if not unconditional:
        return PermissionResult.NEUTRAL
    return IAMPolicy(json.dumps(dict(document, Statement=unconditional))).is_action_permitted(action, resource)


FakeBucket.get_permission = _bucket_permission


# ---------------------------------------------------------------------------------------------------
# Stack operations closer to AWS


def _backend_for(resources_map):
    return cfn_models.cloudformation_backends[resources_map._account_id][resources_map._region_name]


def _resource_event(stack, logical_id, resource_type, status, reason=None, physical_id=""):
    event = cfn_models.Event(
        stack_id=stack.stack_id,
        stack_name=stack.name,
        logical_resource_id=logical_id,
        physical_resource_id=physical_id or "",
        resource_type=resource_type,
        resource_status=status,
        resource_status_reason=reason,
        resource_properties=None,
    )
    stack.events.append(event)


class _ResourceFailure(Exception):
    """A resource that could not be created or updated, with where it happened."""

    def __init__(self, logical_id, resource_type, cause):
        super().__init__(str(cause))
        self.logical_id = logical_id
        self.resource_type = resource_type
        self.cause = cause


def _reason(error):
    message = getattr(error, "message", None) or str(error)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


_original_create_resource = cfn_parsing.parse_and_create_resource
_original_update_resource = cfn_parsing.parse_and_update_resource


def _with_events(original, in_progress, complete, failed):
    def wrapper(logical_id, resource_json, resources_map, account_id, region_name):
        stack = _backend_for(resources_map).stacks.get(resources_map.stack_id)
        resource_type = resource_json.get("Type", "")
        if stack is not None:
            _resource_event(stack, logical_id, resource_type, in_progress)
        try:
            resource = original(logical_id, resource_json, resources_map, account_id, region_name)
        except _ResourceFailure:
            raise
        except Exception as error:  # noqa: BLE001 - any moto error is a resource failure in AWS terms
            if stack is not None:
                _resource_event(stack, logical_id, resource_type, failed, _reason(error))
            raise _ResourceFailure(logical_id, resource_type, error) from error
        if stack is not None:
            physical = getattr(resource, "physical_resource_id", "") if resource is not None else ""
            _resource_event(stack, logical_id, resource_type, complete, None, physical if isinstance(physical, str) else "")
        return resource

    return wrapper


cfn_parsing.parse_and_create_resource = _with_events(
    _original_create_resource, "CREATE_IN_PROGRESS", "CREATE_COMPLETE", "CREATE_FAILED")
cfn_parsing.parse_and_update_resource = _with_events(
    _original_update_resource, "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_FAILED")


def _roll_back(stack, creating, error):
    """What AWS ends with after a failed create/update (moto has no rollback)."""
    if creating:
        stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=f"The following resource(s) failed to create: [{error.logical_id}]. Rollback requested by user.")
        try:
            stack.resource_map.delete()
        except Exception:  # noqa: BLE001 - best effort, as an emulator
            pass
        stack._add_stack_event("ROLLBACK_COMPLETE")
        stack.status = "ROLLBACK_COMPLETE"
    else:
        stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=f"The following resource(s) failed to update: [{error.logical_id}].")
        stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE")
        stack.status = "UPDATE_ROLLBACK_COMPLETE"


_original_create_stack = cfn_models.CloudFormationBackend.create_stack
_original_update_stack = cfn_models.CloudFormationBackend.update_stack
_original_execute_change_set = cfn_models.CloudFormationBackend.execute_change_set


def _create_stack(self, name, *args, **kwargs):
    try:
        return _original_create_stack(self, name, *args, **kwargs)
    except _ResourceFailure as error:
        stack = next(s for s in self.stacks.values() if s.name == name)
        _roll_back(stack, True, error)
        return stack


def _update_stack(self, name, template, *args, **kwargs):
    stack = self.get_stack(name)
    previous_template = stack.template
    try:
        return _original_update_stack(self, name, template, *args, **kwargs)
    except _ResourceFailure as error:
        stack.template = previous_template
        stack._parse_template()
        _roll_back(stack, False, error)
        return stack


def _execute_change_set(self, change_set_name, stack_name=None):
    change_set = self.describe_change_set(change_set_name)
    stack = self.stacks[change_set.stack_id]
    previous_template = stack.template
    try:
        _original_execute_change_set(self, change_set_name, stack_name)
    except _ResourceFailure as error:
        change_set.execution_status = "EXECUTE_FAILED"
        if change_set.change_set_type != "CREATE":
            stack.template = previous_template
            stack._parse_template()
        _roll_back(stack, change_set.change_set_type == "CREATE", error)
        return
    # what CreateStack/UpdateStack do and moto's change sets skip
    stack._parse_template()
    stack.description = stack.template_dict.get("Description")
    if change_set.tags is not None:
        stack.tags = change_set.tags
    stack.output_map = stack._create_output_map()
    for export in stack.exports:
        self.exports[export.name] = export


def _delete_route_table_association(resource_name, cloudformation_json, account_id, region_name):
    # moto names the association after its route table; the stack owns every association of the table
    table = ec2_backends[account_id][region_name].route_tables.get(resource_name)
    if table is not None:
        table._associations.clear()


def _delete_route_table(resource_name, cloudformation_json, account_id, region_name):
    # fails with a dependency violation while associations remain; moto's delete loop retries it
    ec2_backends[account_id][region_name].delete_route_table(resource_name)


SubnetRouteTableAssociation.delete_from_cloudformation_json = staticmethod(_delete_route_table_association)
RouteTable.delete_from_cloudformation_json = staticmethod(_delete_route_table)

cfn_models.CloudFormationBackend.create_stack = _create_stack
cfn_models.CloudFormationBackend.update_stack = _update_stack
cfn_models.CloudFormationBackend.execute_change_set = _execute_change_set
