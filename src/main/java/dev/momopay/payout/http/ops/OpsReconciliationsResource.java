package dev.momopay.payout.http.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momopay.payout.application.reconciliation.OnDemandRuns;
import dev.momopay.payout.application.reconciliation.ReportCsv;
import dev.momopay.payout.application.reconciliation.RunSummaries;
import dev.momopay.payout.domain.CommandValidator;
import dev.momopay.payout.observability.ReconciliationMetrics;
import dev.momopay.payout.persistence.ReconciliationRepository;
import dev.momopay.payout.persistence.ReconciliationRepository.Run;
import dev.momopay.payout.persistence.ReconciliationRepository.RunStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The reconciliation with MoMo as operators use it: ask for a run, follow it, read its summary and download its CSV
 * report, and acknowledge a mismatch once acted on. Nothing here changes a payout.
 */
@Path("/ops/reconciliations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "ops", description = "Operator API (API key required)")
@SecurityRequirement(name = "apiKey")
@SecurityRequirement(name = "bearer")
public class OpsReconciliationsResource {

    private static final int MAX_LIST = 100;

    private final OnDemandRuns onDemand;
    private final ReconciliationRepository runs;
    private final RunSummaries summaries;
    private final ReconciliationMetrics metrics;
    private final OpsAudit audit;
    private final ObjectMapper json;

    public OpsReconciliationsResource(OnDemandRuns onDemand, ReconciliationRepository runs, RunSummaries summaries,
            ReconciliationMetrics metrics, OpsAudit audit, ObjectMapper json) {
        this.onDemand = onDemand;
        this.runs = runs;
        this.summaries = summaries;
        this.metrics = metrics;
        this.audit = audit;
        this.json = json;
    }

    /** A run asked for: the period, and the account (absent: every account). */
    public record RunRequest(String from, String to, String account) {
    }

    /** Why a mismatch is acknowledged: what was done about it. */
    public record AcknowledgeRequest(String note) {
    }

    @POST
    @RolesAllowed(OpsRole.OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reconcile a period with MoMo now",
            description = "from and to: ISO-8601 instants, or dates (a date is its start in "
                    + "PAYOUT_RECONCILIATION_ZONE). At most 31 days, ended. 202 with the new run; 200 with the run "
                    + "already running for the same period and account.")
    public Response create(@Context ContainerRequestContext request, RunRequest body) {
        String actor = OpsCaller.name(request);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("from", body == null ? null : body.from());
        parameters.put("to", body == null ? null : body.to());
        parameters.put("account", body == null ? null : body.account());
        if (body == null) {
            return refused(actor, "reconcile", parameters, 400, "a JSON body with from and to is required");
        }
        OnDemandRuns.Answer answer = onDemand.request(body.from(), body.to(), body.account(), actor);
        if (answer instanceof OnDemandRuns.Answer.Refused refusal) {
            return refused(actor, "reconcile", parameters, 400, refusal.message());
        }
        ReconciliationRepository.Created created = ((OnDemandRuns.Answer.Accepted) answer).created();
        audit.record(actor, "reconcile", String.valueOf(created.run().id()), parameters,
                created.isNew() ? "OK" : "OK: already running");
        return Response.status(created.isNew() ? 202 : 200).entity(summaries.progress(created.run())).build();
    }

    @GET
    @RolesAllowed({OpsRole.READ, OpsRole.OPERATE})
    @Operation(summary = "The latest reconciliation runs, newest first, with their verdict counts")
    public Response list(@Context ContainerRequestContext request, @QueryParam("limit") Integer limit) {
        String actor = OpsCaller.name(request);
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > MAX_LIST) {
            return refused(actor, "list-reconciliations", Map.of("limit", size), 400,
                    "limit must be 1.." + MAX_LIST);
        }
        audit.record(actor, "list-reconciliations", null, Map.of("limit", size), "OK");
        return Response.ok(Map.of("items", runs.latest(size).stream().map(summaries::progress).toList())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({OpsRole.READ, OpsRole.OPERATE})
    @Operation(summary = "A run: its JSON summary once COMPLETED, its progress while RUNNING")
    public Response get(@Context ContainerRequestContext request, @PathParam("id") String id) {
        String actor = OpsCaller.name(request);
        Optional<Run> run = find(id);
        if (run.isEmpty()) {
            return refused(actor, "read-reconciliation", Map.of("id", id), 404, "no reconciliation run " + id);
        }
        audit.record(actor, "read-reconciliation", id, null, "OK");
        if (run.get().status() == RunStatus.COMPLETED && run.get().summary() != null) {
            try {
                ObjectNode summary = (ObjectNode) json.readTree(run.get().summary());
                summary.put("finishedAt", String.valueOf(run.get().finishedAt()));
                return Response.ok(summary).build();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the stored summary of run " + id + " is not JSON", e);
            }
        }
        return Response.ok(summaries.progress(run.get())).build();
    }

    @GET
    @Path("/{id}/report.csv")
    @Produces("text/csv")
    @RolesAllowed({OpsRole.READ, OpsRole.OPERATE})
    @Operation(summary = "A run's report: one CSV line per payout, with both sides and the verdict")
    public Response report(@Context ContainerRequestContext request, @PathParam("id") String id) {
        String actor = OpsCaller.name(request);
        Optional<Run> run = find(id);
        if (run.isEmpty()) {
            return refused(actor, "download-reconciliation", Map.of("id", id), 404, "no reconciliation run " + id);
        }
        audit.record(actor, "download-reconciliation", id, null, "OK");
        long runId = run.get().id();
        StreamingOutput csv = output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            writer.write(ReportCsv.HEADER);
            try {
                // One transaction holds the cursor, so a large report streams in pages without being held in memory.
                QuarkusTransaction.requiringNew().run(() -> runs.forEachLine(runId, line -> {
                    try {
                        writer.write(ReportCsv.row(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            writer.flush();
        };
        return Response.ok(csv, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"reconciliation-" + runId + ".csv\"").build();
    }

    @POST
    @Path("/mismatches/{referenceId}/acknowledge")
    @RolesAllowed(OpsRole.OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge a payout's open mismatches once acted on",
            description = "The note (1..500 characters) says what was done. The payout itself is not changed; the "
                    + "mismatch stops counting in payout_reconciliation_mismatches.")
    public Response acknowledge(@Context ContainerRequestContext request,
            @PathParam("referenceId") String referenceId, AcknowledgeRequest body) {
        String actor = OpsCaller.name(request);
        if (!CommandValidator.isUuid(referenceId)) {
            return refused(actor, "acknowledge-mismatch", null, 400, "referenceId must be a UUID");
        }
        String note = body == null || body.note() == null ? "" : body.note().trim();
        if (note.isEmpty() || note.length() > 500) {
            return refused(actor, "acknowledge-mismatch", Map.of("referenceId", referenceId), 400,
                    "note is required: 1..500 characters saying what was done");
        }
        int acknowledged = runs.acknowledge(UUID.fromString(referenceId), actor, note);
        if (acknowledged == 0) {
            return refused(actor, "acknowledge-mismatch", Map.of("referenceId", referenceId), 404,
                    "no open reconciliation mismatch for payout " + referenceId);
        }
        metrics.refresh();
        audit.record(actor, "acknowledge-mismatch", referenceId, null, "OK: " + acknowledged + " line(s)");
        return Response.ok(Map.of("referenceId", referenceId, "acknowledged", acknowledged)).build();
    }

    private Optional<Run> find(String id) {
        try {
            return runs.find(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Response refused(String actor, String action, Map<String, ?> parameters, int status, String message) {
        audit.record(actor, action, null, parameters, "REFUSED " + status + ": " + message);
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
