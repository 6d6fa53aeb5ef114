package dev.momopay.simulator.faults;

/** Classes of MoMo endpoints that faults (latency, error rates, 503 bursts) are configured for. */
public enum EndpointClass {
    /** Transaction POSTs: deposit v1/v2, transfer, refund v1/v2. */
    POST,
    /** Status GETs: {@code /v1_0/{deposit|transfer|refund}/{referenceId}}. */
    STATUS,
    /** Token calls: {@code /token/} and {@code /oauth2/token/}. */
    TOKEN,
    /** Everything else of the MoMo API (balance, account holder, bc-authorize, userinfo, provisioning). */
    OTHER
}
