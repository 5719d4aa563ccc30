package io.github.serverlessopenclaw.plugin.users;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordPolicyType;

/**
 * A user pool's password rules (from DescribeUserPool), checked locally so a weak password is refused with
 * the list of rules it breaks before Cognito is called, and used to generate strong passwords.
 */
public record PasswordPolicy(
        int minimumLength,
        boolean requireUppercase,
        boolean requireLowercase,
        boolean requireNumbers,
        boolean requireSymbols) {

    /** The characters Cognito counts as symbols. */
    static final String SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    /** Symbols that survive shells and copy-paste without quoting trouble. */
    private static final String SAFE_SYMBOLS = "!#%+-=_.";

    static final int GENERATED_LENGTH = 20;

    /** Cognito's own default when a pool states no policy. */
    public static PasswordPolicy cognitoDefault() {
        return new PasswordPolicy(8, true, true, true, true);
    }

    public static PasswordPolicy from(PasswordPolicyType type) {
        if (type == null) {
            return cognitoDefault();
        }
        return new PasswordPolicy(
                type.minimumLength() == null ? 8 : type.minimumLength(),
                Boolean.TRUE.equals(type.requireUppercase()),
                Boolean.TRUE.equals(type.requireLowercase()),
                Boolean.TRUE.equals(type.requireNumbers()),
                Boolean.TRUE.equals(type.requireSymbols()));
    }

    /** The rules the password breaks, in words; empty when it is acceptable. */
    public List<String> violations(String password) {
        List<String> broken = new ArrayList<>();
        if (password.length() < minimumLength) {
            broken.add("at least " + minimumLength + " characters (has " + password.length() + ")");
        }
        if (requireUppercase && password.chars().noneMatch(c -> c >= 'A' && c <= 'Z')) {
            broken.add("an uppercase letter");
        }
        if (requireLowercase && password.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            broken.add("a lowercase letter");
        }
        if (requireNumbers && password.chars().noneMatch(c -> c >= '0' && c <= '9')) {
            broken.add("a number");
        }
        if (requireSymbols && password.chars().noneMatch(c -> SYMBOLS.indexOf(c) >= 0)) {
            broken.add("a symbol (one of " + SYMBOLS + ")");
        }
        if (!password.equals(password.strip())) {
            broken.add("no leading or trailing space");
        }
        return broken;
    }

    /** A random password that meets this policy and every optional rule too, at least 20 characters. */
    public String generate(SecureRandom random) {
        int length = Math.max(GENERATED_LENGTH, minimumLength);
        List<Character> chars = new ArrayList<>();
        for (String klass : List.of(UPPER, LOWER, DIGITS, SAFE_SYMBOLS)) {
            chars.add(klass.charAt(random.nextInt(klass.length())));
        }
        String all = UPPER + LOWER + DIGITS + SAFE_SYMBOLS;
        while (chars.size() < length) {
            chars.add(all.charAt(random.nextInt(all.length())));
        }
        Collections.shuffle(chars, random);
        StringBuilder password = new StringBuilder(length);
        chars.forEach(password::append);
        return password.toString();
    }

    /** The rules in words, for prompts: "at least 8 characters, an uppercase letter, ...". */
    public String describe() {
        List<String> rules = new ArrayList<>();
        rules.add("at least " + minimumLength + " characters");
        if (requireUppercase) {
            rules.add("an uppercase letter");
        }
        if (requireLowercase) {
            rules.add("a lowercase letter");
        }
        if (requireNumbers) {
            rules.add("a number");
        }
        if (requireSymbols) {
            rules.add("a symbol");
        }
        return String.join(", ", rules);
    }
}
