// Real Maven, batch mode, -X: secrets written once, unchanged the second time, the key never printed.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('[DEBUG]') : 'the run must have logged at debug level'
assert log =~ /openclaw-gateway-token\s+generated\s+\/it-secrets\/secrets\/openclaw-gateway-token\s+sha256:[0-9a-f]{4}/
assert !log.contains('bridge-auth-token') : 'there is no shared bridge secret any more'
assert log =~ /anthropic-api-key\s+set\s+\/it-secrets\/secrets\/anthropic-api-key\s+sha256:[0-9a-f]{4}\s+\(from environment ANTHROPIC_API_KEY\)/
assert log =~ /anthropic-api-key\s+unchanged\s+\/it-secrets\/secrets\/anthropic-api-key/
assert log.contains('2 parameter(s) written.')
assert log.contains('Nothing written.')
assert !log.contains('IT-SENTINEL') : 'the Anthropic key leaked into the build log'
assert log.contains('BUILD SUCCESS')
return true
