package dev.momopay.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MomoSimulatorMainTest {

    @Test
    void parsesFlagsAndDurations() {
        Map<String, String> o = MomoSimulatorMain.parse(new String[] {"--port", "8090", "--callbacks=off",
            "--reason-as-object", "--completion-delay", "250ms"});
        assertEquals("8090", o.get("port"));
        assertEquals("off", o.get("callbacks"));
        assertEquals("true", o.get("reason-as-object"));
        assertEquals(Duration.ofMillis(250), MomoSimulatorMain.duration(o.get("completion-delay")));
        assertEquals(Duration.ofMillis(1500), MomoSimulatorMain.duration("1.5s"));
        assertEquals(Duration.ofMinutes(2), MomoSimulatorMain.duration("2m"));
        assertEquals(Duration.ofMillis(40), MomoSimulatorMain.duration("40"));
        assertEquals(Duration.ofSeconds(3), MomoSimulatorMain.duration("PT3S"));
    }

    @Test
    void anUnknownFlagIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MomoSimulatorMain.parse(new String[] {"--prot", "8090"}));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("unknown flag --prot")
                && e.getMessage().contains("port"), e.getMessage());
        assertEquals("true", MomoSimulatorMain.parse(new String[] {"--numeric-fields",
            "--no-financial-transaction-id"}).get("no-financial-transaction-id"));
    }

    @Test
    void theCallbackHostCheckIsOnUnlessSwitchedOffAndTheRegisteredHostIsAFlag() {
        SimulatorConfig defaults = MomoSimulatorMain.config(MomoSimulatorMain.parse(new String[0]));
        org.junit.jupiter.api.Assertions.assertTrue(defaults.callbackHostCheck());
        assertEquals("localhost", defaults.providerCallbackHost());
        SimulatorConfig compose = MomoSimulatorMain.config(MomoSimulatorMain.parse(new String[] {
            "--provider-callback-host", "worker"}));
        org.junit.jupiter.api.Assertions.assertTrue(compose.callbackHostCheck());
        assertEquals("worker", compose.providerCallbackHost());
        assertEquals("worker", compose.accounts().get(0).providerCallbackHost());
        org.junit.jupiter.api.Assertions.assertFalse(MomoSimulatorMain.config(MomoSimulatorMain.parse(new String[] {
            "--callback-host-check", "off"})).callbackHostCheck());
        org.junit.jupiter.api.Assertions.assertTrue(MomoSimulatorMain.config(MomoSimulatorMain.parse(new String[] {
            "--callback-host-check"})).callbackHostCheck());
    }
}
