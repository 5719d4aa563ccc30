"""Cognito rules AWS enforces and moto 5.2.1 ignores, always on in the project's moto (tests only).

Each rule names the AWS documentation it follows. Imported by launcher.py before moto_server starts; it
patches moto's regional Cognito backend, so every account and region gets the rules.

1. SignUp on a pool with AdminCreateUserConfig.AllowAdminCreateUserOnly=true is refused with
   NotAuthorizedException "SignUp is not permitted for this user pool" (HTTP 400).
   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUserConfigType.html
   ("Set to True if only the administrator is allowed to create user profiles") and
   https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
   (self-registration off: "SignUp is not permitted for this user pool"). moto accepts the flag and signs
   the user up anyway, which hid that openclaw:user-create could not work on the product's pool.
2. A client with PreventUserExistenceErrors=ENABLED answers an unknown user on InitiateAuth like a wrong
   password: NotAuthorizedException "Incorrect username or password."
   https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
   (AWS answers SRP's second step that way; the client sees the same exception, so it is raised on the
   first step here.) moto answers UserNotFoundException, which tells an attacker which emails exist.

3. AdminUserGlobalSignOut signs a user out of every session, whichever name they signed in with: AWS
   "invalidates the identity, access, and refresh tokens that Amazon Cognito issued to a user"
   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUserGlobalSignOut.html
   moto revokes only the tokens issued under the exact name given, so on a pool whose users sign in with
   their email (UsernameAttributes) a sign-out by the user name (the sub) revoked nothing, and
   openclaw:user-password's sign-out could not be tested.

Not enforced (documented as unchecked): ExplicitAuthFlows (the tests use USER_PASSWORD_AUTH on an SRP-only
client, because moto's SRP does not check the password), and the SRP proof itself.
"""
from moto.cognitoidp import models as cognito_models
from moto.cognitoidp.exceptions import NotAuthorizedError, UserNotFoundError

SIGN_UP_REFUSED = "SignUp is not permitted for this user pool"
WRONG_CREDENTIALS = "Incorrect username or password."


def _truthy(value):
    # CloudFormation templates may carry booleans as strings
    return value is True or str(value).lower() == "true"


def _pool_of_client(backend, client_id):
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool
    return None


def admin_only(pool):
    config = pool.extended_config.get("AdminCreateUserConfig") or {}
    return _truthy(config.get("AllowAdminCreateUserOnly", False))


_original_sign_up = cognito_models.CognitoIdpBackend.sign_up
_original_initiate_auth = cognito_models.CognitoIdpBackend.initiate_auth


def _sign_up(self, client_id, username, password, attributes):
    pool = _pool_of_client(self, client_id)
    if pool is not None and admin_only(pool):
        raise NotAuthorizedError(SIGN_UP_REFUSED)
    return _original_sign_up(self, client_id, username, password, attributes)


def _initiate_auth(self, client_id, auth_flow, auth_parameters):
    try:
        return _original_initiate_auth(self, client_id, auth_flow, auth_parameters)
    except UserNotFoundError:
        pool = _pool_of_client(self, client_id)
        client = pool.clients[client_id] if pool is not None else None
        if client is not None and client.extended_config.get("PreventUserExistenceErrors") == "ENABLED":
            raise NotAuthorizedError(WRONG_CREDENTIALS)
        raise


_original_sign_out = cognito_models.CognitoIdpUserPool.sign_out


def _sign_out(self, username):
    names = {username}
    user = self._get_user(username)
    if user is not None:
        names.add(user.username)
        names.update(a["Value"] for a in user.attributes if a["Name"] in ("email", "phone_number", "sub"))
    for name in names:
        _original_sign_out(self, name)


cognito_models.CognitoIdpUserPool.sign_out = _sign_out
cognito_models.CognitoIdpBackend.sign_up = _sign_up
cognito_models.CognitoIdpBackend.initiate_auth = _initiate_auth
