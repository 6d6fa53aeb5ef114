package dev.momopay.simulator.scenario;

/**
 * Answer of {@code GET /accountholder/{type}/{id}/active}.
 *
 * @param httpStatus 200 for a normal answer, else the error status
 * @param active     the {@code result} value when {@code httpStatus == 200}
 * @param code       the ErrorReason code for error statuses
 */
public record ActiveResult(int httpStatus, boolean active, String code) {

    public static ActiveResult ok(boolean active) {
        return new ActiveResult(200, active, null);
    }

    public static ActiveResult error(int status, String code) {
        return new ActiveResult(status, false, code);
    }
}
