package relocate.dumper.freeze;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code webhook} freeze mode: instead of installing trigger guards (see {@link Freeze}), asks the
 * application itself to refuse writes to the domain, by an HTTP POST to an endpoint it serves:
 * <pre>{@code
 * POST https://app.example.com/relocate/freeze
 * Content-Type: application/json
 *
 * {"action":"freeze","domain":"acme","migrationId":"3f2a9c41-07de-4b1e-9a4c-5d8e2b7f1a60"}
 * }</pre>
 * and later the same with {@code "action":"unfreeze"}. Any 2xx answer means done: for a freeze, that no
 * write to the domain is in flight any more and none will be accepted until the unfreeze.
 *
 * <p><b>The endpoint must accept a repeat.</b> Relocate may send the same freeze or unfreeze more than
 * once for one migration (after a timeout whose request did arrive, a crash, a redelivered command, an
 * operator's retry), so a freeze of a domain that this migration already froze, and an unfreeze of a
 * domain that is not frozen, must both answer 2xx. A timeout or a lost connection does not tell whether
 * the application acted: the call is then failed as retryable and simply sent again.
 *
 * <p>Credentials may be given in the URL: its userinfo ({@code https://user:password@host/...}) is sent
 * as HTTP Basic authorization, its query string as is. Neither ever appears in a message: the endpoint
 * is described by {@link #redacted(URI)}. Redirects are not followed (they would carry the body, and the
 * credentials, somewhere the operator did not configure).
 */
public final class WebhookFreeze {

    /** How many characters of an unexpected answer's body a failure quotes. */
    static final int QUOTED_BODY_CHARS = 200;

    private static final String EXAMPLE = "https://app.example.com:8443/relocate/freeze";

    // enough bytes for QUOTED_BODY_CHARS characters of UTF-8; the rest of a body is read and dropped
    private static final int KEPT_BODY_BYTES = 4 * QUOTED_BODY_CHARS;

    private static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1: one small request needs no HTTP/2, whose cleartext upgrade some proxies mishandle
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private WebhookFreeze() {
    }

    /**
     * Asks the application at {@code url} to freeze {@code domain}; returns once it answered 2xx.
     * Sending it again for the same migration is harmless (the endpoint must accept a repeat).
     *
     * @param timeout how long to wait for the whole answer, connection included
     * @throws FreezeFailure when the URL is not a valid webhook URL (before anything is sent), or the
     *                       application could not be reached, did not answer in time, or answered other than 2xx
     */
    public static void freeze(URI url, String domain, String migrationId, Duration timeout) {
        call(url, "freeze", domain, migrationId, timeout);
    }

    /**
     * Asks the application at {@code url} to lift the freeze of {@code domain}; returns once it answered 2xx.
     * Sending it again, or for a domain that is not frozen, is harmless (the endpoint must accept a repeat).
     *
     * @param timeout how long to wait for the whole answer, connection included
     * @throws FreezeFailure as {@link #freeze}; the domain then stays frozen
     */
    public static void unfreeze(URI url, String domain, String migrationId, Duration timeout) {
        call(url, "unfreeze", domain, migrationId, timeout);
    }

    /**
     * The webhook URL written in {@code text} (surrounding blanks ignored), checked as {@link #freeze} would.
     *
     * @throws IllegalArgumentException naming what is wrong and what a valid URL looks like; the message
     *                                  never repeats the text, which may hold a password or a token
     */
    public static URI parseUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no freeze webhook URL is given: give the application's freeze "
                    + "endpoint, such as " + EXAMPLE);
        }
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            // e.getMessage() quotes the input; the reason and the position do not
            throw new IllegalArgumentException("the freeze webhook URL is not a valid URL (" + e.getReason()
                    + " at character " + (e.getIndex() + 1) + "): give one such as " + EXAMPLE, e);
        }
        problem(url).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return url;
    }

    /**
     * {@code url} as {@code scheme://host:port/path}, the port written even when it is http's or https's default:
     * without its userinfo, query and fragment, which may hold secrets. Fit for messages and logs.
     */
    public static String redacted(URI url) {
        if (url == null) {
            return "(no URL)";
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null) { // nothing safe to show beyond the scheme: the rest may be a password
            return scheme.isEmpty() ? "(a URL without scheme or host)" : scheme + "://(no host)";
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return (scheme.isEmpty() ? "//" : scheme + "://") + url.getHost() + port(url.getPort(), scheme) + path;
    }

    /** What makes {@code url} unfit as a webhook URL, for a person; empty when it is fit. */
    private static Optional<String> problem(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String valid = ": give one such as " + EXAMPLE;
        // an opaque URL (no "//") such as user:password@host/path: what looks like its scheme may be a user name
        if (scheme.isEmpty() || url.isOpaque()) {
            return Optional.of("the freeze webhook URL has no scheme: it must start with http:// or https://" + valid);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("the freeze webhook URL " + redacted(url) + " must be http or https, not " + scheme
                    + valid);
        }
        if (url.getHost() == null) {
            return Optional.of("the freeze webhook URL " + redacted(url) + " has no host name (a host name has "
                    + "letters, digits, '-' and '.', no '_')" + valid);
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            return Optional.of("the freeze webhook URL " + redacted(url) + " has no valid port (1 to 65535)" + valid);
        }
        return Optional.empty();
    }

    /** {@code :port}, the scheme's default when none is written; nothing for a scheme whose default is unknown. */
    private static String port(int port, String scheme) {
        if (port != -1) {
            return ":" + port;
        }
        return switch (scheme) {
            case "https" -> ":443";
            case "http" -> ":80";
            default -> "";
        };
    }

    private static void call(URI url, String action, String domain, String migrationId, Duration timeout) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the freeze webhook timeout must be positive, not " + timeout);
        }
        String what = action + " domain '" + domain + "' (migration " + migrationId + ")";
        if (url == null) {
            throw new FreezeFailure("could not " + what + ": no freeze webhook URL is configured; give the "
                    + "application's freeze endpoint, such as " + EXAMPLE, false, null);
        }
        Optional<String> problem = problem(url);
        if (problem.isPresent()) {
            throw new FreezeFailure("could not " + what + ": " + problem.get(), false, null);
        }
        Endpoint endpoint = new Endpoint(url);
        HttpRequest request = request(endpoint, body(action, domain, migrationId), timeout);
        HttpResponse<String> response = send(endpoint, request, what, timeout);
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        throw unexpectedAnswer(endpoint, what, action, status, response.body());
    }

    /** The JSON body; Jackson escapes whatever the domain name holds. */
    private static String body(String action, String domain, String migrationId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("domain", domain);
        body.put("migrationId", migrationId);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) { // cannot happen for a map of strings
            throw new IllegalStateException("could not write the freeze webhook's JSON body", e);
        }
    }

    private static HttpRequest request(Endpoint endpoint, String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.target())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/plain, */*")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        endpoint.basicAuthorization().ifPresent(credentials -> request.header("Authorization", credentials));
        return request.build();
    }

    /**
     * Sends and waits at most {@code timeout} for the whole answer: the request's own timeout stops waiting
     * at the headers, so a body that trickles in is bounded here too.
     */
    private static HttpResponse<String> send(Endpoint endpoint, HttpRequest request, String what, Duration timeout) {
        CompletableFuture<HttpResponse<String>> pending = CLIENT.sendAsync(request, info -> firstBytesOfBody());
        try {
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw timedOut(endpoint, what, timeout, e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new FreezeFailure("stopped waiting for the freeze webhook " + endpoint + " to " + what
                    + ": this process is shutting down. Whether the application acted is unknown: send it again.",
                    true, e);
        } catch (ExecutionException | CancellationException e) {
            throw unreachable(endpoint, what, timeout, rootOf(e));
        }
    }

    private static Throwable rootOf(Exception e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static FreezeFailure timedOut(Endpoint endpoint, String what, Duration timeout, Throwable e) {
        return new FreezeFailure("the freeze webhook " + endpoint + " did not answer within " + timeout.toMillis()
                + " ms when asked to " + what + ". Whether the application acted is unknown: retry (the endpoint "
                + "accepts a repeat); if it keeps timing out, check the application or raise the timeout.", true, e);
    }

    private static FreezeFailure unreachable(Endpoint endpoint, String what, Duration timeout, Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return timedOut(endpoint, what, timeout, e);
        }
        if (e instanceof ConnectException && hasCause(e, UnresolvedAddressException.class)) {
            return new FreezeFailure("could not " + what + ": the host of the freeze webhook " + endpoint
                    + " is unknown (no DNS answer). Check the URL's host name, then retry.", true, e);
        }
        if (e instanceof ConnectException) {
            return new FreezeFailure("could not " + what + ": the freeze webhook " + endpoint + " cannot be reached "
                    + "(connection refused or no route to it). Check that the application is running and that the "
                    + "URL's host and port are right, then retry.", true, e);
        }
        if (e instanceof SSLException) {
            return new FreezeFailure("could not " + what + ": the TLS handshake with the freeze webhook " + endpoint
                    + " failed (" + endpoint.scrub(e.getMessage()) + "). Check its certificate, or that the URL "
                    + "should not be http://.", false, e);
        }
        if (e instanceof IOException) { // e.g. the connection closed before the answer: the request may have arrived
            return new FreezeFailure("could not " + what + ": the connection to the freeze webhook " + endpoint
                    + " broke (" + e.getClass().getSimpleName() + ": " + endpoint.scrub(e.getMessage()) + "). "
                    + "Whether the application acted is unknown: retry (the endpoint accepts a repeat).", true, e);
        }
        return new FreezeFailure("could not " + what + " through the freeze webhook " + endpoint + ": "
                + e.getClass().getSimpleName() + ": " + endpoint.scrub(e.getMessage()), false, e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static FreezeFailure unexpectedAnswer(Endpoint endpoint, String what, String action, int status,
                                                  String body) {
        // the application or a proxy in front of it is busy or down: the same request may pass later
        boolean retryable = status >= 500 || status == 408 || status == 429;
        String advice;
        if (retryable) {
            advice = "Retry once the application is back.";
        } else if (status / 100 == 3) {
            advice = "Redirects are not followed: configure the URL it redirects to.";
        } else if (status == 401 || status == 403) {
            advice = "Check the credentials in the URL (userinfo or query string) that the application expects.";
        } else {
            advice = "Check the URL, and that the application serves Relocate's freeze webhook there.";
        }
        String state = action.equals("freeze") ? "The domain is not known to be frozen." : "The domain stays frozen.";
        String quoted = quote(endpoint.scrub(body));
        return new FreezeFailure("the freeze webhook " + endpoint + " answered HTTP " + status + " when asked to "
                + what + (quoted.isEmpty() ? " (no body)" : ": " + quoted) + ". " + state + " " + advice, retryable,
                null);
    }

    /** The start of a body on one line, in quotes, at most {@link #QUOTED_BODY_CHARS} characters of it. */
    private static String quote(String body) {
        String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (line.isEmpty()) {
            return "";
        }
        if (line.length() > QUOTED_BODY_CHARS) {
            return "\"" + line.substring(0, QUOTED_BODY_CHARS) + "…\"";
        }
        return "\"" + line + "\"";
    }

    /** Keeps the first {@link #KEPT_BODY_BYTES} of a body, as text; a huge answer costs no memory. */
    private static BodySubscriber<String> firstBytesOfBody() {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        BodySubscriber<Void> reader = BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes ->
                kept.write(bytes, 0, Math.max(0, Math.min(bytes.length, KEPT_BODY_BYTES - kept.size())))));
        return BodySubscribers.mapping(reader, done -> kept.toString(StandardCharsets.UTF_8));
    }

    /**
     * A valid webhook URL split into what is sent where: the request target without userinfo, the userinfo
     * as a Basic authorization. Its {@code toString()} is the {@linkplain #redacted(URI) redacted} URL.
     */
    private record Endpoint(URI url) {

        URI target() {
            String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            String port = url.getPort() == -1 ? "" : ":" + url.getPort();
            return URI.create(url.getScheme() + "://" + url.getHost() + port + path + query);
        }

        Optional<String> basicAuthorization() {
            String userInfo = url.getUserInfo(); // decoded: user:password
            if (userInfo == null) {
                return Optional.empty();
            }
            String credentials = userInfo.contains(":") ? userInfo : userInfo + ":";
            return Optional.of("Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }

        /** {@code text} with every secret of the URL, raw or decoded, blotted out. */
        String scrub(String text) {
            if (text == null) {
                return "";
            }
            String userInfo = nullToEmpty(url.getUserInfo());
            String password = userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : "";
            String scrubbed = text;
            for (String secret : List.of(nullToEmpty(url.getRawUserInfo()), userInfo, password,
                    nullToEmpty(url.getRawQuery()), nullToEmpty(url.getQuery()))) {
                if (!secret.isEmpty()) {
                    scrubbed = scrubbed.replace(secret, "***");
                }
            }
            return scrubbed;
        }

        private static String nullToEmpty(String text) {
            return text == null ? "" : text;
        }

        @Override
        public String toString() {
            return redacted(url);
        }
    }
}
