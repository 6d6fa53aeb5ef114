package dev.momopay.simulator.faults;

/** How an accepted POST (recorded, lifecycle running) is answered under the accept-then-fail fault. */
public enum AcceptThenFailMode {
    /** HTTP 500 with an empty body. */
    HTTP_500,
    /** The connection is closed without any response. */
    DROP,
    /** No response at all; the connection stays open until the client gives up (or the simulator closes). */
    HANG
}
