package dev.momopay.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momopay.simulator.faults.AcceptThenFailMode;
import dev.momopay.simulator.faults.EndpointClass;
import dev.momopay.simulator.faults.Faults;
import dev.momopay.simulator.ledger.Operation;
import dev.momopay.simulator.ledger.Party;
import dev.momopay.simulator.scenario.Outcome;
import dev.momopay.simulator.scenario.SandboxMatrix;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.momopay.simulator.Responses.UUID_ANY;
import static dev.momopay.simulator.Responses.UUID_V4;
import static dev.momopay.simulator.Responses.badRequest;
import static dev.momopay.simulator.Responses.error;
import static dev.momopay.simulator.Responses.jsonBody;
import static dev.momopay.simulator.Responses.text;

/**
 * The money-moving POSTs (deposit v1/v2, transfer, refund v1/v2): validation in MoMo's order, the duplicate check on
 * {@code X-Reference-Id}, the callback host check, the planned outcome, and the 202 (or the response fault).
 */
final class TransactionApi {
    private static final Pattern AMOUNT = Pattern.compile("^\\d+(\\.\\d+)?$");
    private static final Set<String> PARTY_TYPES = Set.of("MSISDN", "EMAIL", "PARTY_CODE", "ALIAS");
    /** The payee of a refund whose original transaction this simulator never saw. */
    private static final Party UNKNOWN_REFUND_PAYEE = new Party("MSISDN", "56733123453");

    private final SimulatorState state;
    private final Credentials credentials;
    private final Settlement settlement;
    private final CallbackSender callbacks;

    TransactionApi(SimulatorState state, Credentials credentials, Settlement settlement, CallbackSender callbacks) {
        this.state = state;
        this.credentials = credentials;
        this.settlement = settlement;
        this.callbacks = callbacks;
    }

    void register(MomoPipeline p) {
        p.on(HttpMethod.POST, "/disbursement/v1_0/deposit", EndpointClass.POST, (c, k) -> create(c, k, Operation.DEPOSIT, 1));
        p.on(HttpMethod.POST, "/disbursement/v2_0/deposit", EndpointClass.POST, (c, k) -> create(c, k, Operation.DEPOSIT, 2));
        p.on(HttpMethod.POST, "/disbursement/v1_0/transfer", EndpointClass.POST, (c, k) -> create(c, k, Operation.TRANSFER, 1));
        p.on(HttpMethod.POST, "/disbursement/v1_0/refund", EndpointClass.POST, (c, k) -> create(c, k, Operation.REFUND, 1));
        p.on(HttpMethod.POST, "/disbursement/v2_0/refund", EndpointClass.POST, (c, k) -> create(c, k, Operation.REFUND, 2));
    }

    /** An X-Callback-Url, when present, must be an absolute http(s) URL; else 400 (and false). */
    static boolean callbackHeaderOk(RoutingContext ctx) {
        String cb = ctx.request().getHeader("X-Callback-Url");
        if (cb == null) {
            return true;
        }
        if (cb.isBlank()) {
            badRequest(ctx, "X-Callback-Url is present but empty.");
            return false;
        }
        try {
            URI u = new URI(cb.trim());
            if (u.getScheme() == null || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                || u.getHost() == null) {
                badRequest(ctx, "X-Callback-Url is not an http(s) URL.");
                return false;
            }
        } catch (Exception e) {
            badRequest(ctx, "X-Callback-Url is malformed.");
            return false;
        }
        return true;
    }

    private String noteProblem(String name, String v) {
        if (v == null) {
            return null;
        }
        if (v.length() > 160) {
            return name + " is longer than 160 characters.";
        }
        if (state.config.rejectSpecialCharsInNotes() && (v.indexOf('\'') >= 0 || v.indexOf('&') >= 0)) {
            return name + " contains a character that is not allowed (' or &).";
        }
        return null;
    }

    private void create(RoutingContext ctx, Call call, Operation op, int version) {
        TokenStore.Token token = credentials.bearer(ctx, call, TokenStore.Kind.ACCESS);
        if (token == null || !Credentials.targetEnvironment(ctx, call)) {
            return;
        }
        String refHeader = ctx.request().getHeader("X-Reference-Id");
        if (refHeader == null || !UUID_V4.matcher(refHeader.trim()).matches()) {
            badRequest(ctx, "X-Reference-Id must be a UUID version 4.");
            return;
        }
        UUID ref = UUID.fromString(refHeader.trim());
        if (state.ledger.get(ref) != null) {
            reused(ctx, call);
            return;
        }
        if (!callbackHeaderOk(ctx)) {
            return;
        }
        String callbackUrl = ctx.request().getHeader("X-Callback-Url");
        callbackUrl = callbackUrl == null ? null : callbackUrl.trim();

        JsonNode body = jsonBody(ctx);
        if (body == null || !body.isObject()) {
            badRequest(ctx, "The body must be a JSON object.");
            return;
        }
        JsonNode amountNode = body.get("amount");
        String amount = amountNode != null && amountNode.isTextual() ? amountNode.asText() : null;
        if (amount == null || !AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0) {
            badRequest(ctx, "amount must be a positive decimal string.");
            return;
        }
        String currency = text(body, "currency");
        if (currency == null || currency.isBlank()) {
            badRequest(ctx, "currency is required.");
            return;
        }
        String payerMessage = text(body, "payerMessage");
        String payeeNote = text(body, "payeeNote");
        String problem = noteProblem("payerMessage", payerMessage);
        problem = problem != null ? problem : noteProblem("payeeNote", payeeNote);
        if (problem != null) {
            badRequest(ctx, problem);
            return;
        }
        Party payee;
        String refToRefund = null;
        if (op == Operation.REFUND) {
            refToRefund = text(body, "referenceIdToRefund");
            boolean trigger = state.config.refundTriggerMode() == SimulatorConfig.RefundTriggerMode.MATRIX
                && SandboxMatrix.isRefundTrigger(refToRefund);
            if (refToRefund == null || !(UUID_ANY.matcher(refToRefund).matches() || trigger)) {
                badRequest(ctx, "referenceIdToRefund must be a UUID.");
                return;
            }
            Tx original = UUID_ANY.matcher(refToRefund).matches() ? state.ledger.get(UUID.fromString(refToRefund))
                : null;
            payee = original != null && original.payee != null ? original.payee : UNKNOWN_REFUND_PAYEE;
        } else {
            JsonNode p = body.get("payee");
            String type = p == null ? null : text(p, "partyIdType");
            String id = p == null ? null : text(p, "partyId");
            if (type == null || !PARTY_TYPES.contains(type.toUpperCase(Locale.ROOT)) || id == null || id.isBlank()) {
                badRequest(ctx, "payee.partyIdType (MSISDN, EMAIL, PARTY_CODE, ALIAS) and payee.partyId are required.");
                return;
            }
            payee = new Party(type, id);
        }
        AccountState acc = call.account;
        if (!currency.equals(acc.account.currency())) {
            error(ctx, 500, "INVALID_CURRENCY", "Currency not supported.");
            return;
        }
        if (callbackUrl != null && callbackHostCheck(acc)) {
            ApiUser u = state.apiUsers.get(token.apiUser());
            String host = URI.create(callbackUrl).getHost();
            if (u == null || u.providerCallbackHost() == null || !u.providerCallbackHost().equalsIgnoreCase(host)) {
                error(ctx, 500, "INVALID_CALLBACK_URL_HOST", "Callback URL with host " + host
                    + " does not match the registered providerCallbackHost.");
                return;
            }
        }
        String[] ids = {ref.toString(), payee.partyId()};
        Outcome outcome = plan(op, payee, refToRefund);
        if (op != Operation.REFUND && (state.globalFaults.receiverLimit(ids) || acc.faults.receiverLimit(ids))) {
            // MTN reports a receiver's limit as NOT_ENOUGH_FUNDS, whatever the float; it fails before anything is spent
            outcome = Outcome.failed("NOT_ENOUGH_FUNDS");
        }
        BigDecimal amountValue = new BigDecimal(amount);
        if (state.config.insufficientFundsMode()
            == SimulatorConfig.InsufficientFundsMode.SYNC_500_INTERNAL_PROCESSING_ERROR
            && outcome.kind() != Outcome.Kind.FAILED && !acc.covers(currency, amountValue)) {
            error(ctx, 500, SandboxMatrix.INTERNAL_PROCESSING_ERROR, "Not enough funds.");
            return;
        }
        long delayNanos = switch (outcome.kind()) {
            case PENDING_FOREVER -> Long.MAX_VALUE;
            case PENDING_THEN_SUCCESSFUL -> outcome.delay().toNanos();
            default -> state.config.completionDelay().toNanos();
        };
        Tx tx = new Tx(ref, acc, token.apiUser(), op, version, amount, amountValue, currency, payee,
            text(body, "externalId"), payerMessage, payeeNote, refToRefund, callbackUrl, outcome, delayNanos);
        if (!state.ledger.insert(tx)) {
            reused(ctx, call);
            return;
        }
        state.ledger.countAcceptedPost(ref);
        AcceptThenFailMode fault = state.globalFaults.acceptThenFail(ids);
        if (fault == null) {
            fault = acc.faults.acceptThenFail(ids);
        }
        if (fault != null) {
            tx.responseFault(fault.name());
        }
        AcceptThenFailMode f = fault;
        boolean before = (state.globalFaults.callbackBeforeResponse() || acc.faults.callbackBeforeResponse())
            && callbackUrl != null && outcome.kind() != Outcome.Kind.PENDING_FOREVER;
        if (before) {
            settlement.completeNatural(tx, false);
            callbacks.send(tx).onComplete(x -> respondAccepted(ctx, f));
        } else {
            respondAccepted(ctx, f);
            settlement.schedule(tx);
        }
    }

    /** A POST of a reference already in the ledger: 409, unless a refusal fault answers first (as MoMo sometimes does). */
    private void reused(RoutingContext ctx, Call call) {
        if (state.globalFaults.noDuplicateCheck(call.ids) || call.account.faults.noDuplicateCheck(call.ids)) {
            state.ledger.countAcceptedPost(UUID.fromString(call.ids[0].trim()));
            ctx.response().setStatusCode(202).end();
            return;
        }
        Faults.Refusal r = state.globalFaults.reusedReferenceRefusal(call.ids);
        if (r == null) {
            r = call.account.faults.reusedReferenceRefusal(call.ids);
        }
        if (r == null) {
            error(ctx, 409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id. Creation of resource failed.");
        } else {
            error(ctx, r.status(), r.code(), StatusBodies.messageFor(r.code()));
        }
    }

    /** The host check: the global fault, else the account fault, else the configuration decides. */
    private boolean callbackHostCheck(AccountState a) {
        Boolean check = state.globalFaults.callbackHostCheck();
        if (check == null) {
            check = a.faults.callbackHostCheck();
        }
        return check != null ? check : state.config.callbackHostCheck();
    }

    private Outcome plan(Operation op, Party payee, String refToRefund) {
        if (op != Operation.REFUND) {
            var h = state.holders.get(payee.partyId());
            if (h.isPresent() && h.get().state() == AccountHolders.State.NOT_FOUND) {
                return Outcome.failed("PAYEE_NOT_FOUND");
            }
            if (h.isPresent() && h.get().state() == AccountHolders.State.INACTIVE) {
                return Outcome.failed("PAYEE_NOT_ALLOWED_TO_RECEIVE");
            }
        }
        return switch (op) {
            case TRANSFER -> SandboxMatrix.transfer(payee.partyId(), state.matrix);
            case DEPOSIT -> SandboxMatrix.deposit(payee.partyId(), state.matrix);
            case REFUND -> SandboxMatrix.refund(refToRefund, state.matrix);
        };
    }

    private static void respondAccepted(RoutingContext ctx, AcceptThenFailMode fault) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (fault == null) {
            ctx.response().setStatusCode(202).end();
            return;
        }
        switch (fault) {
            case HTTP_500 -> ctx.response().setStatusCode(500).end();
            case DROP -> ctx.request().connection().close();
            case HANG -> {
                // never answer; the connection stays open until the client or the simulator closes it
            }
        }
    }
}
