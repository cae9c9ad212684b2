package co.usdcop.gate.artifacts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.support.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ArtifactResourceTest {

    @Inject
    FileSystemArtifactStore fileStore;

    @Inject
    ArtifactService service;

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Response put(String user, byte[] body, String kind) {
        var req = given().contentType("application/octet-stream").body(body);
        if (user != null) {
            req = req.auth().oauth2(DemoUsers.token(user));
        }
        return req.queryParam("kind", kind).put("/api/artifacts");
    }

    @Test
    void uploadReturnsTheHashAndDownloadStreamsTheSameBytes() {
        byte[] bytes = randomBytes(200_000, 1);
        Response r = put(DemoUsers.AUTOMATION, bytes, "onnx");
        assertEquals(201, r.statusCode(), r.asString());
        assertEquals(Hashes.sha256Hex(bytes), r.jsonPath().getString("sha256"));
        assertEquals(200_000L, r.jsonPath().getLong("size"));
        assertEquals("onnx", r.jsonPath().getString("kind"));

        Response get = given().auth().oauth2(DemoUsers.token(DemoUsers.RESEARCHER))
                .get("/api/artifacts/" + Hashes.sha256Hex(bytes));
        assertEquals(200, get.statusCode());
        assertArrayEquals(bytes, get.asByteArray());
        assertEquals(Hashes.sha256Hex(bytes), get.header("X-Content-SHA256"));
    }

    @Test
    void sameBytesTwiceIsANoOp() {
        byte[] bytes = "{\"log_ret_5m\": {\"mean\": 0, \"std\": 1}}".getBytes(StandardCharsets.UTF_8);
        Response first = put(DemoUsers.RESEARCHER, bytes, "norm_stats");
        Response second = put(DemoUsers.AUTOMATION, bytes, "other");
        assertTrue(first.statusCode() == 201 || first.statusCode() == 200, first.asString());
        assertEquals(200, second.statusCode(), second.asString());
        assertFalse(second.jsonPath().getBoolean("created"));
        assertEquals("norm_stats", second.jsonPath().getString("kind"), "the first upload's row is kept");
        assertEquals(first.jsonPath().getString("sha256"), second.jsonPath().getString("sha256"));
    }

    @Test
    void curlDefaultFormContentTypeStoresRawBytesWithTheKindsMediaType() {
        byte[] bytes = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);
        Response r = given().auth().oauth2(DemoUsers.token(DemoUsers.AUTOMATION))
                .contentType("application/x-www-form-urlencoded").body(new String(bytes, StandardCharsets.UTF_8))
                .queryParam("kind", "norm_stats").put("/api/artifacts");
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.asString());
        assertEquals(Hashes.sha256Hex(bytes), r.jsonPath().getString("sha256"));
        assertEquals("application/json", r.jsonPath().getString("mediaType"));
    }

    @Test
    void emptyUploadIsRefusedAndTheHashOfZeroBytesIsNeverStored() {
        Response r = put(DemoUsers.AUTOMATION, new byte[0], "onnx");
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("VALIDATION", r.jsonPath().getString("code"));
        assertTrue(r.jsonPath().getString("message").contains("empty"), r.asString());
        assertEquals(404, given().auth().oauth2(DemoUsers.token(DemoUsers.AUTOMATION))
                .get("/api/artifacts/" + Hashes.sha256Hex(new byte[0])).statusCode());
    }

    @Test
    void oversizeUploadIsRefusedWith413AndNothingStored() {
        byte[] bytes = randomBytes((int) service.maxBytes() + 1, 2);
        Response r = put(DemoUsers.AUTOMATION, bytes, "dataset");
        assertEquals(413, r.statusCode(), r.asString());
        assertEquals("TOO_LARGE", r.jsonPath().getString("code"));
        assertTrue(r.jsonPath().getString("message").contains("limit of " + service.maxBytes() + " bytes"));
        assertEquals(404, given().auth().oauth2(DemoUsers.token(DemoUsers.AUTOMATION))
                .get("/api/artifacts/" + Hashes.sha256Hex(bytes)).statusCode());
    }

    @Test
    void noTokenIs401AndWrongRoleIs403AsJson() {
        Response anonymous = put(null, new byte[] {1, 2, 3}, "other");
        assertEquals(401, anonymous.statusCode(), anonymous.asString());
        assertEquals("UNAUTHORIZED", anonymous.jsonPath().getString("code"));
        Response reviewer = put(DemoUsers.REVIEWER, new byte[] {1, 2, 3}, "other");
        assertEquals(403, reviewer.statusCode(), reviewer.asString());
        assertEquals("FORBIDDEN", reviewer.jsonPath().getString("code"));
        Response noRole = given().auth().oauth2(DemoUsers.token(DemoUsers.NO_ROLE))
                .get("/api/artifacts/" + "0".repeat(64));
        assertEquals(403, noRole.statusCode(), noRole.asString());
    }

    @Test
    void unknownKindAndBadHashAreValidationErrors() {
        Response badKind = put(DemoUsers.AUTOMATION, new byte[] {1}, "weights");
        assertEquals(400, badKind.statusCode(), badKind.asString());
        assertEquals("VALIDATION", badKind.jsonPath().getString("code"));
        assertTrue(badKind.jsonPath().getString("message").contains("norm_stats"));
        Response badHash = given().auth().oauth2(DemoUsers.token(DemoUsers.AUTOMATION)).get("/api/artifacts/xyz");
        assertEquals(400, badHash.statusCode(), badHash.asString());
        Response missing = given().auth().oauth2(DemoUsers.token(DemoUsers.AUTOMATION))
                .get("/api/artifacts/" + "ab".repeat(32));
        assertEquals(404, missing.statusCode());
        assertEquals("NOT_FOUND", missing.jsonPath().getString("code"));
    }

    @Test
    void tamperedFileIsRefusedOnRead() throws Exception {
        byte[] bytes = randomBytes(1000, 3);
        String sha = put(DemoUsers.AUTOMATION, bytes, "other").jsonPath().getString("sha256");
        Path file = fileStore.pathOf(FileSystemArtifactStore.keyOf(sha));
        byte[] changed = bytes.clone();
        changed[10] ^= 1;
        Files.write(file, changed);
        Response r = given().auth().oauth2(DemoUsers.token(DemoUsers.AUTOMATION)).get("/api/artifacts/" + sha);
        assertEquals(500, r.statusCode(), r.asString());
        assertEquals("INTERNAL", r.jsonPath().getString("code"));
        assertTrue(r.jsonPath().getString("message").contains("failed its integrity check"), r.asString());
        // uploading the original bytes again does not repair silently: the file exists, so it stays a no-op;
        // restore it explicitly for other tests
        Files.write(file, bytes);
    }
}
