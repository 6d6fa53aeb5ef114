package dev.momopay.payout.momo;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A MoMo error body, whatever envelope it came in: {@code {"code","message"}} (the ErrorReason model),
 * {@code {"status","message"}} (seen for 409 on apiuser), {@code {"error"}} or
 * {@code {"error","error_description"}} (token endpoints), {@code {"statusCode","message"}} (the API gateway),
 * or plain text.
 */
record MomoError(String code, String message) {

    static final int MAX_TEXT = 300;

    static MomoError parse(String body) {
        JsonNode node = MomoJson.tree(body);
        if (node == null || !node.isObject()) {
            String text = body == null || body.isBlank() ? null : truncate(body.strip());
            return new MomoError(null, text);
        }
        String code = text(node, "code");
        if (code == null && node.hasNonNull("status") && node.get("status").isTextual()) {
            code = text(node, "status");
        }
        if (code == null) {
            code = text(node, "error");
        }
        String message = text(node, "message");
        if (message == null) {
            message = text(node, "error_description");
        }
        return new MomoError(code, message);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isValueNode() ? v.asText() : v.toString();
        return s.isBlank() ? null : truncate(s.strip());
    }

    private static String truncate(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }

    String describe() {
        if (code == null && message == null) {
            return "no error body";
        }
        if (code == null) {
            return message;
        }
        return message == null ? code : code + ": " + message;
    }
}
