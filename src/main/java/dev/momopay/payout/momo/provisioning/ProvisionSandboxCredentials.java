package dev.momopay.payout.momo.provisioning;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One-off command: creates MoMo sandbox credentials and prints them as shell export lines.
 *
 * <pre>
 * ./mvnw -q compile exec:java -Dexec.mainClass=dev.momopay.payout.momo.provisioning.ProvisionSandboxCredentials \
 *   -Dexec.args="--subscription-key KEY --callback-host example.com"
 * </pre>
 *
 * Options: {@code --subscription-key} (required; or the MOMO_SUBSCRIPTION_KEY variable), {@code --callback-host}
 * (required; the host MoMo may send callbacks to, no scheme), {@code --base-url} (default the MoMo sandbox).
 * The export lines go to standard output, everything else to standard error. Exit codes: 0 done, 1 MoMo refused
 * or was unreachable, 2 bad arguments.
 */
public final class ProvisionSandboxCredentials {

    static final String DEFAULT_BASE_URL = "https://sandbox.momodeveloper.mtn.com";

    private ProvisionSandboxCredentials() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10)).build(), System.getenv("MOMO_SUBSCRIPTION_KEY"));
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The command without {@code System.exit}: returns the exit code. {@code keyFromEnv} is the fallback for a
     * missing {@code --subscription-key}.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, HttpClient http, String keyFromEnv) {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            usage(err);
            return 2;
        }
        if (options.containsKey("help")) {
            usage(out);
            return 0;
        }
        String key = options.getOrDefault("subscription-key", keyFromEnv);
        String host = options.get("callback-host");
        String base = options.getOrDefault("base-url", DEFAULT_BASE_URL);
        if (key == null || key.isBlank()) {
            err.println("error: --subscription-key is required (your sandbox Disbursement subscription key)");
            usage(err);
            return 2;
        }
        if (host == null || host.isBlank() || host.contains("/") || host.contains(":")) {
            err.println("error: --callback-host is required and must be a plain host name, e.g. example.com");
            usage(err);
            return 2;
        }
        URI baseUrl;
        try {
            baseUrl = URI.create(base);
            if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: --base-url is not an http(s) URL: " + base);
            return 2;
        }
        SandboxProvisioner provisioner = new SandboxProvisioner(http, baseUrl, key, Duration.ofSeconds(30));
        try {
            SandboxProvisioner.Credentials c = provisioner.provision(host);
            err.println("Created MoMo sandbox API user " + c.apiUser() + " (providerCallbackHost="
                    + c.providerCallbackHost() + ", targetEnvironment=" + c.targetEnvironment() + ").");
            err.println("The API key is shown only now; store it as a secret.");
            out.println("export MOMO_BASE_URL=" + baseUrl);
            out.println("export MOMO_SUBSCRIPTION_KEY=" + key);
            out.println("export MOMO_API_USER=" + c.apiUser());
            out.println("export MOMO_API_KEY=" + c.apiKey());
            out.println("export MOMO_TARGET_ENVIRONMENT="
                    + (c.targetEnvironment() == null ? "sandbox" : c.targetEnvironment()));
            return 0;
        } catch (SandboxProvisioner.ProvisioningException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                options.put("help", "");
                continue;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for --" + name);
            }
            if (!(name.equals("subscription-key") || name.equals("callback-host") || name.equals("base-url"))) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            options.put(name, value);
        }
        return options;
    }

    private static void usage(PrintStream s) {
        s.println("usage: ProvisionSandboxCredentials --subscription-key KEY --callback-host HOST [--base-url URL]");
        s.println("  creates a MoMo sandbox API user and API key and prints MOMO_* export lines");
        s.println("  --base-url defaults to " + DEFAULT_BASE_URL);
    }
}
