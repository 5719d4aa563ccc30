// The web UI's sign-in library (amazon-cognito-identity-js, its CognitoUser.authenticateUser) answering one
// PASSWORD_VERIFIER challenge, with its random private value and its clock fixed to the given ones and its HTTP
// client replaced by the given challenge: prints {"srpA", "signature", "timestamp", "username"} as it would send them.
// Usage: COGNITO_JS=<the library's folder> node cognito-js-claim.cjs '<json input>'
const path = require('path');
const lib = (name) => require(path.join(process.env.COGNITO_JS, 'lib', name));
const { CognitoUser, CognitoUserPool, AuthenticationDetails } = lib('index.js');
const AuthenticationHelper = lib('AuthenticationHelper.js').default;
const DateHelper = lib('DateHelper.js').default;
const BigInteger = lib('BigInteger.js').default;

const input = JSON.parse(process.argv[2]);
AuthenticationHelper.prototype.generateRandomSmallA = () => new BigInteger(input.a, 16);
DateHelper.prototype.getNowString = () => input.timestamp;

const pool = new CognitoUserPool({ UserPoolId: input.userPoolId, ClientId: input.clientId });
const user = new CognitoUser({ Username: input.username, Pool: pool });
let srpA;
user.client.request = (operation, params, callback) => {
  if (operation === 'InitiateAuth') {
    srpA = params.AuthParameters.SRP_A;
    callback(null, {
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: 'session',
      ChallengeParameters: {
        SALT: input.salt, SRP_B: input.srpB, SECRET_BLOCK: input.secretBlock,
        USERNAME: input.userIdForSrp, USER_ID_FOR_SRP: input.userIdForSrp,
      },
    });
  } else if (operation === 'RespondToAuthChallenge') {
    const r = params.ChallengeResponses;
    process.stdout.write(JSON.stringify({ srpA, signature: r.PASSWORD_CLAIM_SIGNATURE, timestamp: r.TIMESTAMP,
      username: r.USERNAME, secretBlock: r.PASSWORD_CLAIM_SECRET_BLOCK }) + '\n');
    process.exit(0);
  } else {
    throw new Error('unexpected ' + operation);
  }
};
user.authenticateUser(new AuthenticationDetails({ Username: input.username, Password: input.password }), {
  onSuccess: () => process.exit(3),
  onFailure: (e) => { console.error(e); process.exit(2); },
});
