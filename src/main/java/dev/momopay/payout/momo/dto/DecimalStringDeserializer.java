package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/** Reads a decimal that may come as a JSON string or a JSON number into its exact text (no double rounding). */
final class DecimalStringDeserializer extends StdDeserializer<String> {

    DecimalStringDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue().toPlainString();
        }
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        return (String) ctxt.handleUnexpectedToken(String.class, p);
    }
}
