package dev.momopay.payout.testsupport;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The spans the worker under test ends, kept in memory (the test configuration turns the SDK on; the product's
 * default is off). Quarkus exports to every {@code SpanExporter} bean.
 */
@Singleton
public class RecordedSpans {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
