package dev.momopay.simulator;

/** A provisioned or pre-registered API user: its key and the callback host it registered. */
record ApiUser(String id, String account, String apiKey, String providerCallbackHost, String targetEnvironment) {

    ApiUser withApiKey(String key) {
        return new ApiUser(id, account, key, providerCallbackHost, targetEnvironment);
    }

    ApiUser withProviderCallbackHost(String host) {
        return new ApiUser(id, account, apiKey, host, targetEnvironment);
    }
}
