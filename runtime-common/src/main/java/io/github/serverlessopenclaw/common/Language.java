package io.github.serverlessopenclaw.common;

import java.util.Locale;

/**
 * The languages the product speaks to users: the web UI's language (sent with the WebSocket connection, query
 * parameter {@link Protocol#LANGUAGE_QUERY_PARAMETER}) and Telegram's {@code language_code}. Anything else, a
 * region variant aside, falls back to {@link #en}: a tag is a hint from the client, never trusted further.
 */
public enum Language {
    en,
    ko;

    /** Longest tag looked at (BCP 47 tags a browser sends are far shorter); longer input is not a tag. */
    static final int MAX_TAG_CHARS = 35;

    /** {@code ko}, {@code ko-KR}, {@code KO_kr} → {@link #ko}; null, junk, unknown languages → {@link #en}. */
    public static Language of(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG_CHARS) {
            return en;
        }
        int end = 0;
        while (end < tag.length() && Character.isLetter(tag.charAt(end)) && tag.charAt(end) < 128) {
            end++;
        }
        if (end != tag.length() && tag.charAt(end) != '-' && tag.charAt(end) != '_') {
            return en;
        }
        String primary = tag.substring(0, end).toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            if (language.name().equals(primary)) {
                return language;
            }
        }
        return en;
    }
}
