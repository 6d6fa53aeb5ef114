package dev.momopay.payout.http.ops;

import dev.momopay.payout.application.OperatorActions;
import dev.momopay.payout.application.SubmissionDispatcher;
import dev.momopay.payout.application.controls.ApprovalService;
import dev.momopay.payout.application.controls.CancelService;
import dev.momopay.payout.messaging.OutboxRelay;
import dev.momopay.payout.observability.PayoutMetrics;
import dev.momopay.payout.persistence.MoneyControlsRepository;
import dev.momopay.payout.application.OperatorActions.ActionOutcome;
import dev.momopay.payout.config.PayoutConfig;
import dev.momopay.payout.domain.CommandValidator;
import dev.momopay.payout.domain.Masking;
import dev.momopay.payout.domain.PayoutStatus;
import dev.momopay.payout.momo.MomoClients;
import dev.momopay.payout.momo.MomoResult;
import dev.momopay.payout.momo.UnknownMomoAccountException;
import dev.momopay.payout.momo.dto.AccountHolderIdType;
import dev.momopay.payout.momo.dto.BasicUserInfo;
import dev.momopay.payout.momo.dto.UserInfoWithConsent;
import dev.momopay.payout.observability.BalanceCache;
import dev.momopay.payout.persistence.AuditRepository;
import dev.momopay.payout.persistence.PayoutQueries;
import dev.momopay.payout.persistence.PayoutQueries.PayoutSummary;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The ops HTTP API under {@code /ops}: see what the worker does and steer it, within the money rules of
 * {@link OperatorActions}. Protected by {@link OpsAuthFilter}; every call is audited ({@link OpsAudit}) with the API
 * key's name as the actor and no personal data in the parameters. Responses never carry payee identifiers or names,
 * except the account-holder and user-info answers an operator explicitly asked MoMo for.
 */
@Path("/ops")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "ops", description = "Operator API (API key required)")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = OpsKeyAuthentication.API_KEY_HEADER)
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "apiKey")
@SecurityRequirement(name = "bearer")
public class OpsResource {

    private static final Duration USER_INFO_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration MOMO_TIMEOUT = Duration.ofSeconds(60);

    private final PayoutQueries queries;
    private final OperatorActions actions;
    private final OpsAudit audit;
    private final AuditRepository auditTrail;
    private final BalanceCache balances;
    private final MomoClients clients;
    private final int maxPageSize;
    private final ApprovalService approvals;
    private final CancelService cancels;
    private final SubmissionDispatcher submissions;
    private final OutboxRelay relay;
    private final PayoutMetrics metrics;

    public OpsResource(PayoutQueries queries, OperatorActions actions, OpsAudit audit, AuditRepository auditTrail,
            BalanceCache balances, MomoClients clients, PayoutConfig config, ApprovalService approvals,
            CancelService cancels, SubmissionDispatcher submissions, OutboxRelay relay, PayoutMetrics metrics) {
        this.approvals = approvals;
        this.cancels = cancels;
        this.submissions = submissions;
        this.relay = relay;
        this.metrics = metrics;
        this.queries = queries;
        this.actions = actions;
        this.audit = audit;
        this.auditTrail = auditTrail;
        this.balances = balances;
        this.clients = clients;
        this.maxPageSize = config.ops().maxPageSize();
    }

    // ---- payouts --------------------------------------------------------------------------------------------

    @GET
    @Path("/payouts")
    @RolesAllowed({OpsRole.READ, OpsRole.OPERATE})
    @Operation(summary = "List payouts oldest first, by status, account and age, with keyset paging",
            description = "olderThan: a duration (30s, 5m, 2h, 1d or ISO-8601 PT5M). Pass the returned nextCursor "
                    + "as cursor for the next page.")
    public Response list(@Context ContainerRequestContext request, @QueryParam("status") String status,
            @QueryParam("account") String account, @QueryParam("olderThan") String olderThan,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        String actor = actor(request);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("status", status);
        parameters.put("account", account);
        parameters.put("olderThan", olderThan);
        parameters.put("limit", limit);
        parameters.put("paged", cursor != null);
        String normalizedStatus = null;
        if (status != null && !status.isBlank()) {
            try {
                normalizedStatus = PayoutStatus.valueOf(status.trim().toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                return refused(actor, "list-payouts", null, parameters, 400, "unknown status " + status);
            }
        }
        Instant createdBefore = null;
        if (olderThan != null && !olderThan.isBlank()) {
            Optional<Duration> age = parseDuration(olderThan.trim());
            if (age.isEmpty()) {
                return refused(actor, "list-payouts", null, parameters, 400, "olderThan is not a duration");
            }
            createdBefore = Instant.now().minus(age.get());
        }
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > maxPageSize) {
            return refused(actor, "list-payouts", null, parameters, 400, "limit must be 1.." + maxPageSize);
        }
        Instant afterCreated = null;
        UUID afterReference = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                        .split("\\|", 2);
                afterCreated = Instant.parse(parts[0]);
                afterReference = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                return refused(actor, "list-payouts", null, parameters, 400, "cursor is not valid");
            }
        }
        List<PayoutSummary> page = queries.list(normalizedStatus, blankToNull(account), createdBefore, afterCreated,
                afterReference, size);
        String next = null;
        if (page.size() == size) {
            PayoutSummary last = page.get(page.size() - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString((last.createdAt() + "|"
                    + last.referenceId()).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.stream().map(OpsResource::summary).toList());
        body.put("nextCursor", next);
        audit.record(actor, "list-payouts", null, parameters, "OK " + page.size());
        return Response.ok(body).build();
    }

    @GET
    @Path("/payouts/by-external-id/{externalId}")
    @RolesAllowed({OpsRole.READ, OpsRole.OPERATE})
    @Operation(summary = "Find payouts by externalId (not unique)")
    public Response byExternalId(@Context ContainerRequestContext request,
            @PathParam("externalId") String externalId) {
        String actor = actor(request);
        List<PayoutSummary> found = queries.findByExternalId(externalId, maxPageSize);
        audit.record(actor, "find-by-external-id", "externalId:" + externalId, null, "OK " + found.size());
        return Response.ok(Map.of("items", found.stream().map(OpsResource::summary).toList())).build();
    }

    @GET
    @Path("/payouts/{referenceId}/audit")
    @RolesAllowed({OpsRole.READ, OpsRole.OPERATE})
    @Operation(summary = "The ops actions taken on one payout, newest first")
    public Response auditOf(@Context ContainerRequestContext request, @PathParam("referenceId") String referenceId) {
        String actor = actor(request);
        if (!CommandValidator.isUuid(referenceId)) {
            return refused(actor, "read-audit", referenceId, null, 400, "referenceId must be a UUID");
        }
        List<AuditRepository.AuditEntry> entries = auditTrail.forTarget(referenceId, 100);
        audit.record(actor, "read-audit", referenceId, null, "OK " + entries.size());
        return Response.ok(Map.of("items", entries)).build();
    }

    @POST
    @Path("/payouts/{referenceId}/poll")
    @RolesAllowed(OpsRole.OPERATE)
    @Operation(summary = "Ask MoMo for the status of a SUBMITTED or UNRESOLVED payout now",
            description = "Uses the account's shared status rate limit; the answer is applied as a worker round "
                    + "would (a final MoMo status concludes the payout).")
    public Response pollNow(@Context ContainerRequestContext request, @PathParam("referenceId") String referenceId) {
        String actor = actor(request);
        if (!CommandValidator.isUuid(referenceId)) {
            return refused(actor, "poll-now", referenceId, null, 400, "referenceId must be a UUID");
        }
        ActionOutcome outcome = actions.pollNow(UUID.fromString(referenceId));
        return answer(actor, "poll-now", referenceId, null, outcome);
    }

    @POST
    @Path("/payouts/{referenceId}/republish")
    @RolesAllowed(OpsRole.OPERATE)
    @Operation(summary = "Publish a payout's stored terminal outcome event again (same eventId and body)")
    public Response republish(@Context ContainerRequestContext request,
            @PathParam("referenceId") String referenceId) {
        String actor = actor(request);
        if (!CommandValidator.isUuid(referenceId)) {
            return refused(actor, "republish", referenceId, null, 400, "referenceId must be a UUID");
        }
        return answer(actor, "republish", referenceId, null, actions.republish(UUID.fromString(referenceId)));
    }

    /** Body of a resolve request: empty to resolve from MoMo's status only; status and reason for an override. */
    public record ResolveRequest(String status, String reason, String financialTransactionId, Boolean force) {
    }

    @POST
    @Path("/payouts/{referenceId}/resolve")
    @RolesAllowed(OpsRole.OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve an UNRESOLVED payout from a fresh MoMo status, or by override with a reason",
            description = "MoMo's final status always wins. An override (status SUCCESSFUL or FAILED, reason "
                    + "required) needs MoMo's definitive answer: a 404 for a reference MoMo never acknowledged "
                    + "allows FAILED. Any other answer (a timeout, 5xx, 401, 429) needs force=true; PENDING is never "
                    + "overridden. It is recorded in the payout's history with the operator's name and reason. "
                    + "409 NOT_STORED when a worker took the payout over meanwhile: nothing was written.")
    public Response resolve(@Context ContainerRequestContext request, @PathParam("referenceId") String referenceId,
            ResolveRequest body) {
        String actor = actor(request);
        Map<String, Object> parameters = new LinkedHashMap<>();
        Optional<OperatorActions.Override> override = Optional.empty();
        if (body != null && body.status() != null) {
            parameters.put("overrideStatus", body.status());
            parameters.put("reasonGiven", body.reason() != null && !body.reason().isBlank());
            parameters.put("force", Boolean.TRUE.equals(body.force()));
        }
        if (!CommandValidator.isUuid(referenceId)) {
            return refused(actor, "resolve", referenceId, parameters, 400, "referenceId must be a UUID");
        }
        if (body != null && body.status() != null) {
            PayoutStatus status;
            try {
                status = PayoutStatus.valueOf(body.status().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                status = null;
            }
            if (status != PayoutStatus.SUCCESSFUL && status != PayoutStatus.FAILED) {
                return refused(actor, "resolve", referenceId, parameters, 400,
                        "an override status is SUCCESSFUL or FAILED");
            }
            if (body.reason() == null || body.reason().isBlank() || body.reason().length() > 500) {
                return refused(actor, "resolve", referenceId, parameters, 400,
                        "an override needs a reason (1..500 characters)");
            }
            override = Optional.of(new OperatorActions.Override(status, body.reason().trim(),
                    blankToNull(body.financialTransactionId()), Boolean.TRUE.equals(body.force())));
        }
        ActionOutcome outcome = actions.resolve(UUID.fromString(referenceId), actor, override);
        return answer(actor, "resolve", referenceId, parameters, outcome);
    }

    // ---- money controls --------------------------------------------------------------------------------------

    /** Why an operator rejects or cancels a payout (required). */
    public record ReasonRequest(String reason) {
    }

    @POST
    @Path("/payouts/{referenceId}/approve")
    @RolesAllowed(OpsRole.OPERATE)
    @Operation(summary = "Approve a payout that is AWAITING_APPROVAL",
            description = "The caller is recorded as an approver. Above the second-approver threshold two distinct "
                    + "people must approve; the payout is then RECEIVED and submitted (at its notBefore if later). "
                    + "409 when it is not AWAITING_APPROVAL or the caller approved it already.")
    public Response approve(@Context ContainerRequestContext request, @PathParam("referenceId") String referenceId) {
        String actor = actor(request);
        if (!CommandValidator.isUuid(referenceId)) {
            return refused(actor, "approve", referenceId, null, 400, "referenceId must be a UUID");
        }
        ApprovalService.ApprovalOutcome outcome = approvals.approve(UUID.fromString(referenceId), actor);
        if (outcome.result() == ApprovalService.Result.APPROVED) {
            submissions.wakeUp();
        }
        return controlAnswer(actor, "approve", referenceId, null, outcome.result().name(), outcome.status(),
                outcome.message(), approvalStatus(outcome.result()));
    }

    @POST
    @Path("/payouts/{referenceId}/reject")
    @RolesAllowed(OpsRole.OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reject a payout that is AWAITING_APPROVAL",
            description = "Ends it REJECTED with reason REJECTED_BY_APPROVER, the caller's name and reason, and its "
                    + "outcome event. No MoMo call is ever made for it.")
    public Response reject(@Context ContainerRequestContext request, @PathParam("referenceId") String referenceId,
            ReasonRequest body) {
        String actor = actor(request);
        Optional<String> problem = reasonProblem(referenceId, body);
        if (problem.isPresent()) {
            return refused(actor, "reject", referenceId, null, 400, problem.get());
        }
        ApprovalService.ApprovalOutcome outcome = approvals.reject(UUID.fromString(referenceId), actor,
                body.reason().strip());
        if (outcome.result() == ApprovalService.Result.REJECTED) {
            relay.wakeUp();
        }
        return controlAnswer(actor, "reject", referenceId, Map.of("reason", body.reason().strip()),
                outcome.result().name(), outcome.status(), outcome.message(), approvalStatus(outcome.result()));
    }

    @POST
    @Path("/payouts/{referenceId}/cancel")
    @RolesAllowed(OpsRole.OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a payout before submission",
            description = "Ends a payout no POST was sent for (RECEIVED, AWAITING_APPROVAL, held) CANCELLED with "
                    + "its outcome event. For a referenceId not seen yet the cancel is kept (202) and its command is "
                    + "ended CANCELLED when it arrives. 409 once a POST may have been sent, or when it is final.")
    public Response cancel(@Context ContainerRequestContext request, @PathParam("referenceId") String referenceId,
            ReasonRequest body) {
        String actor = actor(request);
        Optional<String> problem = reasonProblem(referenceId, body);
        if (problem.isPresent()) {
            return refused(actor, "cancel", referenceId, null, 400, problem.get());
        }
        CancelService.CancelOutcome outcome = cancels.cancel(new MoneyControlsRepository.CancelRequest(
                UUID.fromString(referenceId), body.reason().strip(), actor));
        metrics.controlAction("cancel_" + outcome.result().name().toLowerCase(Locale.ROOT));
        if (outcome.result() == CancelService.Result.CANCELLED) {
            relay.wakeUp();
        }
        int status = switch (outcome.result()) {
            case CANCELLED, ALREADY_CANCELLED -> 200;
            case REMEMBERED -> 202;
            case REFUSED -> 409;
        };
        return controlAnswer(actor, "cancel", referenceId, Map.of("reason", body.reason().strip()),
                outcome.result().name(), outcome.status(), outcome.message(), status);
    }

    private static Optional<String> reasonProblem(String referenceId, ReasonRequest body) {
        if (!CommandValidator.isUuid(referenceId)) {
            return Optional.of("referenceId must be a UUID");
        }
        if (body == null || body.reason() == null || body.reason().isBlank()
                || body.reason().length() > CommandValidator.MAX_MESSAGE_LENGTH
                || body.reason().chars().anyMatch(Character::isISOControl)) {
            return Optional.of("a reason is required: 1 to " + CommandValidator.MAX_MESSAGE_LENGTH
                    + " characters without control characters");
        }
        return Optional.empty();
    }

    private int approvalStatus(ApprovalService.Result result) {
        if (result == ApprovalService.Result.REJECTED) {
            metrics.controlAction("approval_rejected");
        } else if (result == ApprovalService.Result.APPROVED || result == ApprovalService.Result.PARTLY_APPROVED) {
            metrics.controlAction(result.name().toLowerCase(Locale.ROOT));
        }
        return switch (result) {
            case APPROVED, PARTLY_APPROVED, REJECTED -> 200;
            case NOT_APPLICABLE -> 409;
            case NOT_FOUND -> 404;
        };
    }

    private Response controlAnswer(String actor, String action, String target, Map<String, ?> parameters,
            String result, PayoutStatus status, String message, int httpStatus) {
        audit.record(actor, action, target, parameters, result);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", result);
        body.put("status", status == null ? null : status.name());
        body.put("message", message);
        return Response.status(httpStatus).entity(body).build();
    }

    // ---- MoMo accounts ---------------------------------------------------------------------------------------

    @GET
    @Path("/balances")
    @RolesAllowed({OpsRole.READ, OpsRole.OPERATE})
    @Operation(summary = "Available balance per MoMo account (cached; refreshed on a schedule)")
    public Response balances(@Context ContainerRequestContext request) {
        String actor = actor(request);
        audit.record(actor, "read-balances", null, null, "OK");
        return Response.ok(Map.of("items", balances.cached())).build();
    }

    @POST
    @Path("/balances/refresh")
    @RolesAllowed(OpsRole.OPERATE)
    @Operation(summary = "Ask MoMo for every account's balance now")
    public Response refreshBalances(@Context ContainerRequestContext request) {
        String actor = actor(request);
        List<BalanceCache.AccountBalance> fresh = balances.refresh();
        audit.record(actor, "refresh-balances", null, null, "OK");
        return Response.ok(Map.of("items", fresh)).build();
    }

    /** Body of an account-holder check: which MoMo account asks, and about whom. */
    public record AccountHolderRequest(String account, String idType, String id) {
    }

    @POST
    @Path("/account-holders/check")
    @RolesAllowed(OpsRole.OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Is an account holder active, and (for an MSISDN) their basic info",
            description = "The identifier travels in the body, never in the URL, so it stays out of access logs.")
    public Response accountHolder(@Context ContainerRequestContext request, AccountHolderRequest body) {
        String actor = actor(request);
        if (body == null || body.id() == null || body.id().isBlank()) {
            return refused(actor, "account-holder-check", null, null, 400, "id is required");
        }
        AccountHolderIdType type;
        try {
            type = AccountHolderIdType.valueOf((body.idType() == null ? "MSISDN" : body.idType()).trim()
                    .toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return refused(actor, "account-holder-check", null, null, 400, "idType is MSISDN, EMAIL or PARTY_CODE");
        }
        String id = body.id().trim();
        Map<String, Object> parameters = Map.of("account", accountName(body.account()), "idType", type.name(),
                "id", Masking.maskIdentifier(id));
        try {
            var client = clients.forAccount(body.account());
            MomoResult<Boolean> active = client.isAccountHolderActive(type, id).await().atMost(MOMO_TIMEOUT);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("active", active.optionalBody().orElse(null));
            answer.put("activeCheck", describe(active));
            if (type == AccountHolderIdType.MSISDN) {
                MomoResult<BasicUserInfo> info = client.getBasicUserInfo(id).await().atMost(MOMO_TIMEOUT);
                answer.put("basicInfo", info.optionalBody().orElse(null));
                answer.put("basicInfoCheck", describe(info));
            }
            audit.record(actor, "account-holder-check", null, parameters, "OK active=" + answer.get("active"));
            return Response.ok(answer).build();
        } catch (UnknownMomoAccountException e) {
            return refused(actor, "account-holder-check", null, parameters, 400, "unknown MoMo account");
        }
    }

    /** Body of a user-info request: the MSISDN whose owner consents, and the OpenID scope asked for. */
    public record UserInfoRequest(String account, String msisdn, String scope) {
    }

    @POST
    @Path("/user-info")
    @RolesAllowed(OpsRole.OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "User info with the account holder's consent (MoMo's CIBA flow)",
            description = "Waits while MoMo asks the holder for consent (up to a few minutes).")
    public Response userInfo(@Context ContainerRequestContext request, UserInfoRequest body) {
        String actor = actor(request);
        if (body == null || body.msisdn() == null || !body.msisdn().trim().matches("\\d{8,15}")) {
            return refused(actor, "user-info", null, null, 400, "msisdn must be 8..15 digits");
        }
        String scope = body.scope() == null || body.scope().isBlank() ? "profile" : body.scope().trim();
        Map<String, Object> parameters = Map.of("account", accountName(body.account()), "msisdn",
                Masking.maskIdentifier(body.msisdn().trim()), "scope", scope);
        try {
            MomoResult<UserInfoWithConsent> info = clients.forAccount(body.account())
                    .askUserInfo(body.msisdn().trim(), scope).await().atMost(USER_INFO_TIMEOUT);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("userInfo", info.optionalBody().orElse(null));
            answer.put("result", describe(info));
            audit.record(actor, "user-info", null, parameters, describe(info));
            return Response.status(info.isSuccess() ? 200 : 502).entity(answer).build();
        } catch (UnknownMomoAccountException e) {
            return refused(actor, "user-info", null, parameters, 400, "unknown MoMo account");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Response answer(String actor, String action, String target, Map<String, ?> parameters,
            ActionOutcome outcome) {
        int status = switch (outcome.result()) {
            case CHECKED, RESOLVED_BY_MOMO, OVERRIDDEN -> 200;
            case QUEUED -> 202;
            case NOT_FOUND -> 404;
            case RATE_LIMITED -> 429;
            case NOT_RESOLVED, NOT_APPLICABLE, NOT_STORED -> 409;
        };
        audit.record(actor, action, target, parameters, outcome.result().name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", outcome.result().name());
        body.put("message", outcome.message());
        body.put("momoAnswer", outcome.momoAnswer());
        body.put("eventId", outcome.eventId());
        queries.find(UUID.fromString(target)).ifPresent(p -> body.put("status", p.status()));
        return Response.status(status).entity(body).build();
    }

    private Response refused(String actor, String action, String target, Map<String, ?> parameters, int status,
            String message) {
        audit.record(actor, action, target, parameters, "REFUSED " + status + ": " + message);
        return Response.status(status).entity(Map.of("error", message)).build();
    }

    /** The name of the key the caller presented (Quarkus Security authenticated it; see OpsKeyAuthentication). */
    private static String actor(ContainerRequestContext request) {
        return OpsCaller.name(request);
    }

    private static String describe(MomoResult<?> result) {
        return result.getClass().getSimpleName() + result.httpStatus().stream().mapToObj(s -> " " + s)
                .findFirst().orElse("") + result.errorCode().map(c -> " " + c).orElse("");
    }

    private static Map<String, Object> summary(PayoutSummary p) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("referenceId", p.referenceId());
        item.put("operation", p.operation());
        item.put("status", p.status());
        item.put("account", p.account());
        item.put("amount", p.amount());
        item.put("currency", p.currency());
        item.put("externalId", p.externalId());
        item.put("reasonCode", p.reasonCode());
        item.put("momoAccepted", p.momoAccepted());
        item.put("createdAt", p.createdAt());
        item.put("updatedAt", p.updatedAt());
        item.put("terminalAt", p.terminalAt());
        item.put("ageSeconds", p.createdAt() == null ? null
                : Duration.between(p.createdAt(), Instant.now()).toSeconds());
        return item;
    }

    private static String accountName(String account) {
        return account == null || account.isBlank() ? MomoClients.DEFAULT_ACCOUNT : account;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** 30s, 5m, 2h, 1d, 250ms, or ISO-8601 (PT5M, P1D). */
    static Optional<Duration> parseDuration(String text) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Optional.of(Duration.parse(text.toUpperCase(Locale.ROOT)));
            }
            var m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)").matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
