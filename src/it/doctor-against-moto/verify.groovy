// The doctor ran against moto through the user-property endpoint and found moto's account.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('openclaw doctor (it-doctor)')
assert log =~ /✔ JDK\s+17|✔ JDK\s+2\d/
assert log =~ /✔ AWS region\s+us-east-1/
assert log =~ /✔ AWS account\s+123456789012 as arn:aws:/
// whether an earlier IT bootstrapped this moto or not, the line says which, with the fix when missing
assert log =~ /(✔ bootstrap\s+OpenClawToolkit version \d+|! bootstrap\s+not bootstrapped yet \(\/cdk-bootstrap\/openclaw\/version does not exist\))/
assert log.contains('All required checks passed.')
assert log.contains('BUILD SUCCESS')
return true
