package dev.momopay.payout.momo;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The raw MoMo Disbursement HTTP API, one instance per account, built programmatically by
 * {@link DefaultMomoDisbursementClient} with {@code QuarkusRestClientBuilder} (so it carries no
 * {@code @RegisterRestClient}: there is no single injectable MoMo endpoint). Every method answers the raw
 * status and body as text; {@link MomoResponseClassifier} decides what it means. The subscription key and
 * target environment are added by {@link MomoHeadersFilter}; {@code Authorization} is a parameter because the
 * token comes asynchronously from the account's {@link TokenCache}. A null header parameter is not sent.
 */
@Path("/")
interface MomoDisbursementApi {

    String AUTHORIZATION = "Authorization";
    String REFERENCE_ID = "X-Reference-Id";
    String CALLBACK_URL = "X-Callback-Url";

    @POST
    @Path("disbursement/token/")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> createAccessToken(@HeaderParam(AUTHORIZATION) String basic);

    @GET
    @Path("disbursement/v1_0/account/balance")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> getAccountBalance(@HeaderParam(AUTHORIZATION) String bearer);

    @GET
    @Path("disbursement/v1_0/account/balance/{currency}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> getAccountBalanceIn(@HeaderParam(AUTHORIZATION) String bearer,
            @PathParam("currency") String currency);

    @GET
    @Path("disbursement/v1_0/accountholder/{type}/{id}/basicuserinfo")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> getBasicUserInfo(@HeaderParam(AUTHORIZATION) String bearer,
            @PathParam("type") String type, @PathParam("id") String id);

    @POST
    @Path("disbursement/v1_0/bc-authorize")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> bcAuthorize(@HeaderParam(AUTHORIZATION) String authorization,
            @HeaderParam(CALLBACK_URL) String callbackUrl,
            @FormParam("login_hint") String loginHint,
            @FormParam("scope") String scope,
            @FormParam("access_type") String accessType);

    @POST
    @Path("disbursement/oauth2/token/")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> createOAuth2Token(@HeaderParam(AUTHORIZATION) String basic,
            @FormParam("grant_type") String grantType,
            @FormParam("auth_req_id") String authReqId);

    @GET
    @Path("disbursement/oauth2/v1_0/userinfo")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> getUserInfoWithConsent(@HeaderParam(AUTHORIZATION) String oauth2Bearer);

    @POST
    @Path("disbursement/v2_0/deposit")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> depositV2(@HeaderParam(AUTHORIZATION) String bearer,
            @HeaderParam(REFERENCE_ID) String referenceId,
            @HeaderParam(CALLBACK_URL) String callbackUrl,
            String jsonBody);

    @POST
    @Path("disbursement/v1_0/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> transfer(@HeaderParam(AUTHORIZATION) String bearer,
            @HeaderParam(REFERENCE_ID) String referenceId,
            @HeaderParam(CALLBACK_URL) String callbackUrl,
            String jsonBody);

    @POST
    @Path("disbursement/v2_0/refund")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> refundV2(@HeaderParam(AUTHORIZATION) String bearer,
            @HeaderParam(REFERENCE_ID) String referenceId,
            @HeaderParam(CALLBACK_URL) String callbackUrl,
            String jsonBody);

    /** {@code kind} is {@code deposit}, {@code transfer} or {@code refund}. */
    @GET
    @Path("disbursement/v1_0/{kind}/{referenceId}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> getStatus(@HeaderParam(AUTHORIZATION) String bearer,
            @PathParam("kind") String kind,
            @PathParam("referenceId") String referenceId);

    @GET
    @Path("disbursement/v1_0/accountholder/{type}/{id}/active")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> isAccountHolderActive(@HeaderParam(AUTHORIZATION) String bearer,
            @PathParam("type") String type, @PathParam("id") String id);
}
