package dev.momopay.payout.momo.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * The failure reason of a transaction. MoMo sends it as a plain string ({@code "reason":"PAYEE_NOT_FOUND"}, the
 * form observed in practice) or as an object ({@code {"code":..,"message":..}}, the form in the spec); both are
 * read. A plain string gives {@code code} = the string and {@code message} = null. Serialised as an object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = MomoReason.Deserializer.class)
public record MomoReason(String code, String message) {

    public static MomoReason of(String code) {
        return new MomoReason(code, null);
    }

    static final class Deserializer extends StdDeserializer<MomoReason> {

        Deserializer() {
            super(MomoReason.class);
        }

        @Override
        public MomoReason deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
            if (node.isValueNode()) {
                String text = node.asText();
                return text.isEmpty() ? null : new MomoReason(text, null);
            }
            if (node.isObject()) {
                return new MomoReason(text(node, "code"), text(node, "message"));
            }
            return new MomoReason(node.toString(), null);
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        @Override
        public MomoReason getNullValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
