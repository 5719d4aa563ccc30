package io.github.serverlessopenclaw.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes a model reply safe for Telegram's plain-text {@code sendMessage}: Markdown markers removed (no
 * {@code parse_mode}, so nothing can fail to parse) and split into pieces within Telegram's 4096-character
 * limit, at a line or word break when there is one, never inside a surrogate pair.
 */
final class TelegramText {
    static final int MAX_CHARS = 4096;

    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_+-]*\\n?([\\s\\S]*?)```");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern BOLD = Pattern.compile("(\\*\\*|__)(?=\\S)([\\s\\S]*?\\S)\\1");
    private static final Pattern ITALIC_STAR = Pattern.compile("(?<![\\w*])\\*(?=\\S)([^*\\n]*?\\S)\\*(?![\\w*])");
    private static final Pattern ITALIC_UNDERSCORE = Pattern.compile("(?<![\\w_])_(?=\\S)([^_\\n]*?\\S)_(?![\\w_])");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)([\\s\\S]*?\\S)~~");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+");

    private TelegramText() {}

    static String plain(String markdown) {
        String text = FENCE.matcher(markdown).replaceAll(m -> quote(m.group(1).strip()));
        text = INLINE_CODE.matcher(text).replaceAll(m -> quote(m.group(1)));
        text = BOLD.matcher(text).replaceAll(m -> quote(m.group(2)));
        text = ITALIC_STAR.matcher(text).replaceAll(m -> quote(m.group(1)));
        text = ITALIC_UNDERSCORE.matcher(text).replaceAll(m -> quote(m.group(1)));
        text = STRIKE.matcher(text).replaceAll(m -> quote(m.group(1)));
        text = LINK.matcher(text).replaceAll(m -> quote(m.group(1) + " (" + m.group(2) + ")"));
        return HEADING.matcher(text).replaceAll("");
    }

    private static String quote(String replacement) {
        return java.util.regex.Matcher.quoteReplacement(replacement);
    }

    static List<String> split(String text, int max) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (text.length() - start > max) {
            int end = start + max;
            int cut = text.lastIndexOf('\n', end - 1);
            if (cut <= start + max / 2) {
                cut = text.lastIndexOf(' ', end - 1);
            }
            if (cut <= start + max / 2) {
                cut = end;
                if (Character.isHighSurrogate(text.charAt(cut - 1))) {
                    cut--;
                }
            } else {
                cut++; // keep the break at the end of this piece
            }
            pieces.add(text.substring(start, cut));
            start = cut;
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }
}
