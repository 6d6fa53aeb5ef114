package dev.momopay.payout.testsupport;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the suite's shared services when the test run ends, while the JVM still runs normally, instead of leaving them
 * to shutdown hooks that run at once and in no order (a broker stopped by one hook while another deletes its files can
 * halt the JVM after every test passed). The services' own hooks stay as an idempotent fallback. A stop action is
 * registered as a platform MBean, because {@code @QuarkusTest} loads test classes, and so their static state, in a
 * class loader of its own, which this listener (loaded by the test launcher) cannot see.
 */
public final class SuiteShutdown implements LauncherSessionListener {

    private static final String DOMAIN = "dev.momopay.payout.tests";

    /** What shared services stop in: what uses the others first, then Kafka, then PostgreSQL. */
    public enum Order { CLIENTS, KAFKA, POSTGRES }

    /** The management interface of one stop action. */
    public interface Stop {
        void stop();
    }

    /** Registers a stop action; each runs once, on its own, in {@link Order}. */
    public static void register(Order order, String name, Runnable action) {
        try {
            ObjectName objectName = new ObjectName(DOMAIN + ":type=Stop,order=" + order.ordinal() + ",name=" + name
                    + ",loader=" + Integer.toHexString(System.identityHashCode(SuiteShutdown.class.getClassLoader())));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(objectName)) {
                server.registerMBean(new StandardMBean(action::run, Stop.class), objectName);
            }
        } catch (JMException e) {
            throw new IllegalStateException("could not register the stop of " + name, e);
        }
    }

    /** Runs and removes every registered stop action, whichever class loader registered it. */
    public static void stopAll() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<ObjectName> names;
        try {
            names = server.queryNames(new ObjectName(DOMAIN + ":type=Stop,*"), null).stream()
                    .sorted(Comparator.comparing((ObjectName name) -> name.getKeyProperty("order"))
                            .thenComparing(ObjectName::getCanonicalName))
                    .toList();
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
        for (ObjectName name : names) {
            try {
                server.invoke(name, "stop", new Object[0], new String[0]);
            } catch (JMException | RuntimeException e) {
                System.err.println("could not stop " + name.getKeyProperty("name") + ": " + e);
            }
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                // Already gone: nothing to stop twice.
            }
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        stopAll();
    }
}
