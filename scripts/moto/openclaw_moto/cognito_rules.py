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

4. USER_SRP_AUTH proves the password: InitiateAuth answers PASSWORD_VERIFIER with a real SRP-6a server value
   (SALT, SRP_B, SECRET_BLOCK) made from the user's password, and RespondToAuthChallenge refuses a
   PASSWORD_CLAIM_SIGNATURE that does not match with NotAuthorizedException "Incorrect username or password."
   https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html
   (SRP: "the password is never sent"; the client answers PASSWORD_VERIFIER with the claim signature) and
   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
   (PASSWORD_VERIFIER: PASSWORD_CLAIM_SIGNATURE, PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP, USERNAME). The math is
   Cognito's variant as amazon-cognito-identity-js computes it (the web UI's library): the RFC 3526 3072-bit
   group, g = 2, k = H(N|g), x = H(salt | H(poolName | userIdForSrp | ":" | password)), HKDF-SHA256 of S with
   salt u and info "Caldera Derived Key" (16 bytes), the claim HMAC-SHA256(key, poolName | userIdForSrp |
   secretBlock | timestamp). moto answers random B and salt and signs anyone in whatever the signature.
   A secret block answers one claim only. A is refused when it is 0 mod N (SRP-6a's safeguard).

Not enforced (documented as unchecked): ExplicitAuthFlows (the tests use USER_PASSWORD_AUTH on an SRP-only
client), the TIMESTAMP's format and how far it may be from the server's clock, and Cognito's lockout after
repeated wrong claims.
"""
import base64
import hashlib
import hmac
import secrets
import threading

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
        result = _original_initiate_auth(self, client_id, auth_flow, auth_parameters)
    except UserNotFoundError:
        pool = _pool_of_client(self, client_id)
        client = pool.clients[client_id] if pool is not None else None
        if client is not None and client.extended_config.get("PreventUserExistenceErrors") == "ENABLED":
            raise NotAuthorizedError(WRONG_CREDENTIALS)
        raise
    if str(auth_flow) in ("USER_SRP_AUTH", "AuthFlow.USER_SRP_AUTH") and result.get("ChallengeName") == "PASSWORD_VERIFIER":
        _srp_challenge(self, client_id, auth_parameters, result)
    return result


# --- SRP (rule 4) ---
_N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16)
_G = 2
# secret block -> what its claim is checked against (one claim per block)
_SRP_SESSIONS = {}
_SRP_LOCK = threading.Lock()


def _padded(n):
    """The number's shortest two's-complement bytes: a 0x00 before a set top bit (the client's padHex)."""
    length = n.bit_length() // 8 + 1
    return n.to_bytes(length, "big")


def _h(*parts):
    return hashlib.sha256(b"".join(parts)).digest()


_K = int.from_bytes(_h(_padded(_N), _padded(_G)), "big")


def _pool_name(pool):
    return pool.id.split("_", 1)[1]


def _srp_challenge(backend, client_id, auth_parameters, result):
    """Replaces moto's random SALT/SRP_B with a server value made from the user's password."""
    pool = _pool_of_client(backend, client_id)
    params = result["ChallengeParameters"]
    a = int(auth_parameters.get("SRP_A", "0"), 16)
    if a % _N == 0:
        raise NotAuthorizedError(WRONG_CREDENTIALS)
    user = pool._get_user(auth_parameters.get("USERNAME"))
    user_id = params["USER_ID_FOR_SRP"]
    salt = int.from_bytes(secrets.token_bytes(16), "big")
    identity = _h(f"{_pool_name(pool)}{user_id}:{user.password or ''}".encode("utf-8"))
    x = int.from_bytes(_h(_padded(salt), identity), "big")
    verifier = pow(_G, x, _N)
    b = int.from_bytes(secrets.token_bytes(32), "big")
    big_b = (_K * verifier + pow(_G, b, _N)) % _N
    block = base64.b64encode(secrets.token_bytes(32) + params["SECRET_BLOCK"].encode("utf-8")).decode("ascii")
    with _SRP_LOCK:
        _SRP_SESSIONS[block] = {"session": params["SECRET_BLOCK"], "pool": pool.id, "user_id": user_id,
                                "username": user.username, "a": a, "b": b, "B": big_b, "v": verifier}
    params["SALT"] = format(salt, "x")
    params["SRP_B"] = format(big_b, "x")
    params["SECRET_BLOCK"] = block


def _expected_claim(state, pool_name, block, timestamp):
    a, big_b = state["a"], state["B"]
    u = int.from_bytes(_h(_padded(a), _padded(big_b)), "big")
    if u == 0:
        return None
    s = pow(a * pow(state["v"], u, _N) % _N, state["b"], _N)
    prk = hmac.new(_padded(u), _padded(s), hashlib.sha256).digest()
    key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
    message = pool_name.encode("utf-8") + state["user_id"].encode("utf-8") + base64.b64decode(block) \
        + timestamp.encode("utf-8")
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode("ascii")


def _check_claim(backend, client_id, challenge_responses):
    block = challenge_responses.get("PASSWORD_CLAIM_SECRET_BLOCK") or ""
    with _SRP_LOCK:
        state = _SRP_SESSIONS.pop(block, None)
    pool = _pool_of_client(backend, client_id)
    if state is None or pool is None or pool.id != state["pool"]:
        raise NotAuthorizedError(WRONG_CREDENTIALS)
    user = pool._get_user(challenge_responses.get("USERNAME") or "")
    if user is None or user.username != state["username"]:
        raise NotAuthorizedError(WRONG_CREDENTIALS)
    expected = _expected_claim(state, _pool_name(pool), block, challenge_responses.get("TIMESTAMP") or "")
    given = challenge_responses.get("PASSWORD_CLAIM_SIGNATURE") or ""
    if expected is None or not hmac.compare_digest(expected.encode("ascii"), given.encode("ascii", "replace")):
        raise NotAuthorizedError(WRONG_CREDENTIALS)
    # moto finds its session by the secret block it handed out
    return dict(challenge_responses, PASSWORD_CLAIM_SECRET_BLOCK=state["session"])


_original_respond = cognito_models.CognitoIdpBackend.respond_to_auth_challenge


def _respond_to_auth_challenge(self, session, client_id, challenge_name, challenge_responses):
    if challenge_name == "PASSWORD_VERIFIER":
        challenge_responses = _check_claim(self, client_id, challenge_responses or {})
    return _original_respond(self, session, client_id, challenge_name, challenge_responses)


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
cognito_models.CognitoIdpBackend.respond_to_auth_challenge = _respond_to_auth_challenge
