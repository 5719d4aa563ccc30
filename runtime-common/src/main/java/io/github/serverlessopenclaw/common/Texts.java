package io.github.serverlessopenclaw.common;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every text the Lambdas and the bridge show users (web error frames, Telegram replies and notices), in each
 * {@link Language}: one catalogue for both runtimes. {@code {0}}, {@code {1}} are filled by {@link #format};
 * a test checks every entry has every language and the same placeholders in each.
 */
public enum Texts {
    // Lambdas, both channels
    RATE_LIMITED(
            "Too many messages: at most {0} a minute. This one was not sent; send it again in a minute.",
            "메시지가 너무 많습니다. 1분에 최대 {0}개까지 보낼 수 있습니다. 이 메시지는 전송되지 않았으니 1분 뒤 다시 보내 주세요."),
    AT_CAPACITY(
            "All {0} agent slots of this deployment are busy. Your message is queued and is answered when one"
                    + " frees up (checked every 5 minutes, kept for an hour).",
            "이 배포의 에이전트 슬롯 {0}개가 모두 사용 중입니다. 메시지는 대기열에 있으며 슬롯이 비면 답변합니다" + " (5분마다 확인, 1시간 동안 보관)."),
    START_FAILED(
            "The agent could not be started; your message is kept. Send another message to try again.",
            "에이전트를 시작하지 못했습니다. 메시지는 보관되어 있으니 다른 메시지를 보내 다시 시도해 주세요."),
    SESSION_EXPIRED("Your sign-in has expired; reconnecting with a fresh one", "로그인이 만료되었습니다. 새 로그인으로 다시 연결합니다"),
    ACCOUNT_DELETED("This account was deleted", "이 계정은 삭제되었습니다"),
    // Lambdas, Telegram
    WAKING(
            "Waking up the agent… this takes about a minute. Your message is queued.",
            "에이전트를 깨우는 중입니다… 1분 정도 걸립니다. 메시지는 대기열에 있습니다."),
    LINK_USAGE(
            "Usage: /link <the {0}-character code from the web app's settings>", "사용법: /link <웹 앱 설정에서 받은 {0}자리 코드>"),
    PRIVATE_BOT(
            "This bot is private. If you have an account in its web app, open Settings → Telegram there,"
                    + " create a code and send /link <code> here.",
            "비공개 봇입니다. 웹 앱 계정이 있다면 설정 → Telegram에서 코드를 만든 뒤 여기에 /link <코드>를 보내 주세요."),
    LINK_TOO_MANY_TRIES(
            "Too many /link attempts. Wait 15 minutes, then create a new code in the web app.",
            "/link 시도가 너무 많습니다. 15분 기다린 뒤 웹 앱에서 새 코드를 만들어 주세요."),
    LINKED(
            "Account linked. Web and Telegram now share the same agent.",
            "계정이 연결되었습니다. 이제 웹과 Telegram이 같은 에이전트를 사용합니다."),
    UNLINK_IN_WEB("Unlinking is done in the web app's settings.", "연결 해제는 웹 앱 설정에서 할 수 있습니다."),
    TOO_LONG("That message is too long (at most {0} characters).", "메시지가 너무 깁니다 (최대 {0}자)."),
    LINK_INVALID_CODE(
            "That code is invalid or has expired. Generate a new one in the web app.",
            "코드가 올바르지 않거나 만료되었습니다. 웹 앱에서 새 코드를 만들어 주세요."),
    LINK_CONTAINER_RUNNING(
            "Your Telegram agent is still running. Try again in about 15 minutes.",
            "Telegram 에이전트가 아직 실행 중입니다. 15분쯤 뒤에 다시 시도해 주세요."),
    LINK_ELSEWHERE(
            "This Telegram account is already linked to another account.", "이 Telegram 계정은 이미 다른 계정에 연결되어 있습니다."),
    // Telegram commands (setMyCommands descriptions, then the answers)
    COMMAND_LINK("Link this chat to your web account", "이 채팅을 웹 계정에 연결"),
    COMMAND_NEW("Start a new conversation", "새 대화 시작"),
    COMMAND_STATUS("Show whether your agent is running", "에이전트 실행 상태 보기"),
    COMMAND_HELP("What this bot does", "이 봇 사용법"),
    HELP(
            "Write to me and your agent answers. Commands:\n/new: start a new conversation\n/status: is your agent"
                    + " running?\n/link <code>: link this chat to your web account (code from the web app's settings)",
            "메시지를 보내면 에이전트가 답합니다. 명령어:\n/new: 새 대화 시작\n/status: 에이전트 실행 상태\n"
                    + "/link <코드>: 이 채팅을 웹 계정에 연결 (코드는 웹 앱 설정에서)"),
    NEW_CONVERSATION("New conversation started. Your next message begins it.", "새 대화를 시작했습니다. 다음 메시지부터 새 대화입니다."),
    STATUS_IDLE(
            "Your agent is asleep; your next message wakes it (about a minute).",
            "에이전트가 쉬고 있습니다. 다음 메시지로 깨울 수 있습니다 (1분 정도)."),
    STATUS_STARTING("Your agent is starting.", "에이전트가 시작하는 중입니다."),
    STATUS_RUNNING("Your agent is running.", "에이전트가 실행 중입니다."),
    UNKNOWN_COMMAND("Unknown command. Send /help for the list.", "알 수 없는 명령어입니다. /help로 목록을 볼 수 있습니다."),
    // Bridge
    CONTAINER_STARTED(
            "Your agent's container has started; connecting to the AI engine…", "에이전트 컨테이너가 시작되었습니다. AI 엔진에 연결하는 중…"),
    AGENT_READY("Your agent is ready; answering your message now.", "에이전트가 준비되었습니다. 지금 답변합니다."),
    REQUEUED(
            "The agent is restarting; your message will be answered again shortly.",
            "에이전트가 다시 시작하는 중입니다. 곧 메시지에 다시 답변합니다."),
    TIMEOUT(
            "The agent took too long to answer and was stopped. Please try again.",
            "에이전트의 답변이 너무 오래 걸려 중단되었습니다. 다시 시도해 주세요."),
    CONTEXT_TOO_LONG(
            "The conversation is too long for the AI model. Please start a new conversation.",
            "대화가 AI 모델에 비해 너무 깁니다. 새 대화를 시작해 주세요."),
    MODEL_TIMEOUT("The AI model took too long to answer. Please try again.", "AI 모델의 답변이 너무 오래 걸렸습니다. 다시 시도해 주세요."),
    MODEL_BUSY(
            "The AI model is busy right now (rate limit). Please try again in a minute.",
            "AI 모델이 지금 바쁩니다 (요청 한도). 1분 뒤 다시 시도해 주세요."),
    MODEL_REFUSED("The AI model declined to answer this message.", "AI 모델이 이 메시지에 답하지 않았습니다."),
    COULD_NOT_ANSWER("The agent could not answer: {0}", "에이전트가 답하지 못했습니다: {0}"),
    ABORTED("The answer was stopped before it was complete.", "답변이 끝나기 전에 중단되었습니다."),
    UNAVAILABLE(
            "The agent is not available right now ({0}). Please try again.", "지금은 에이전트를 사용할 수 없습니다 ({0}). 다시 시도해 주세요.");

    private final Map<Language, String> texts = new EnumMap<>(Language.class);

    Texts(String en, String ko) {
        texts.put(Language.en, en);
        texts.put(Language.ko, ko);
    }

    /** The text in {@code language}, placeholders left as they are. */
    public String in(Language language) {
        return texts.get(language == null ? Language.en : language);
    }

    /** The text in {@code language} with {@code {i}} replaced by {@code arguments[i]}, in one pass (an argument is never read as a placeholder). */
    public String format(Language language, Object... arguments) {
        Matcher placeholder = PLACEHOLDER.matcher(in(language));
        StringBuilder text = new StringBuilder();
        while (placeholder.find()) {
            int index = Integer.parseInt(placeholder.group(1));
            String value = index < arguments.length ? String.valueOf(arguments[index]) : placeholder.group();
            placeholder.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(text).toString();
    }

    static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");
}
