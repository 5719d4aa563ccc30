// bootstrap → deploy (3 stacks created) → deploy again (all skipped) → diff → outputs → destroy, against moto.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log =~ /OpenClawToolkit \(qualifier openclaw, version \d+\) in 123456789012\/us-east-1: (created|unchanged \(skipped\))/
assert log =~ /fixture-Base\s+created/
assert log =~ /fixture-App\s+created/
assert log =~ /fixture-Other\s+created/
assert log.contains('asset Fn/Code: ')
assert log.contains('fixture-Base: unchanged, skipped')
assert log.contains('fixture-App: unchanged, skipped')
assert log.contains('fixture-Other: unchanged, skipped')
assert log.contains('fixture-Other: no differences')
assert log =~ /fixture-Other\s+TableName\s+\S+/
assert log =~ /fixture-Base\s+deleted/
assert log.contains('BUILD SUCCESS')

def outputs = new JsonSlurper().parse(new File(basedir, 'target/openclaw/outputs.json'))
assert outputs['fixture-Other']['TableName']
assert outputs['fixture-App']['FunctionName']
return true
