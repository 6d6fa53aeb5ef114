package dev.momopay.payout.application.golive;

import static dev.momopay.payout.testsupport.PayoutTestResource.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.momopay.payout.testsupport.PayoutTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The go-live check over the ops API against the simulator: the test configuration passes (a WARN for the plain-http
 * base URL, as a simulator is), the findings name what they checked, the momo health group shows the report, and an
 * account whose MoMo balance is in another market's currency is pointed at its currency setting.
 */
@QuarkusTest
@WithTestResource(PayoutTestResource.class)
class GoLiveCheckTest {

    private static final String OPERATOR = "ops-test-key-7f3a9c21d54b";
    private static final String READER = "ops-reader-key-2b8e51f0c7d94a36";

    @Test
    void theTestAccountIsReadyToPayAndTheHealthGroupShowsIt() {
        JsonPath report = given().header("X-Api-Key", READER).get("/ops/accounts/default/check").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("WARN", report.getString("verdict"), report.prettify());
        Map<String, String> verdicts = verdictsByCheck(report);
        assertEquals("PASS", verdicts.get("target-environment"), report.prettify());
        assertEquals("PASS", verdicts.get("token"), report.prettify());
        assertEquals("PASS", verdicts.get("balance"), report.prettify());
        assertEquals("PASS", verdicts.get("callback-host"), report.prettify());
        assertEquals("WARN", verdicts.get("base-url"), report.prettify());
        assertEquals("MOMO_BASE_URL", report.getString("findings.find { it.check == 'base-url' }.fix"));
        given().get(management("/q/health/group/momo")).then().statusCode(200)
                .body("checks.find { it.name == 'MoMo go-live check' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'MoMo go-live check' }.data.default", containsString("WARN base-url"));
    }

    @Test
    void aBalanceInAnotherMarketsCurrencyNamesTheCurrencySetting() {
        // the simulator keeps the "uganda" account in UGX, although its API user is the sandbox's (EUR only)
        JsonPath report = given().header("X-Api-Key", OPERATOR).get("/ops/accounts/uganda/check").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("WARN", verdictsByCheck(report).get("balance"), report.prettify());
        assertEquals("momo.accounts.uganda.currency",
                report.getString("findings.find { it.check == 'balance' }.fix"));
    }

    @Test
    void anUnknownAccountIs404AndAKeyIsNeeded() {
        given().header("X-Api-Key", OPERATOR).get("/ops/accounts/atlantis/check").then().statusCode(404)
                .body("error", containsString("atlantis"));
        given().get("/ops/accounts/default/check").then().statusCode(401);
    }

    private static Map<String, String> verdictsByCheck(JsonPath report) {
        Map<String, String> verdicts = new java.util.HashMap<>();
        for (Map<String, Object> finding : report.<Map<String, Object>>getList("findings")) {
            verdicts.merge((String) finding.get("check"), (String) finding.get("verdict"),
                    (a, b) -> a.equals("FAIL") || b.equals("FAIL") ? "FAIL" : a.equals("WARN") ? a : b);
        }
        return verdicts;
    }
}
