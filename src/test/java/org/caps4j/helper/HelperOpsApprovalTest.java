/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperOpsFixture.params;
import static org.caps4j.helper.HelperOpsFixture.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.caps4j.helper.HelperOpsFixture.Audit;
import org.caps4j.helper.HelperOpsFixture.TestPeer;
import org.caps4j.helper.internal.ApprovalStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** H9: approval ids are unguessable, single-use, expire, and bind approver and collector. */
@ExtendWith(ThreadsBackToUniform.class)
class HelperOpsApprovalTest {
    private static final int ADMINS = 10;
    private static final TestPeer ALICE = peer(1000, 1000);
    private static final TestPeer BOB = peer(1001, 1001);
    private static final TestPeer ADMIN = peer(0, 0, ADMINS);
    private final AtomicInteger runs = new AtomicInteger();
    private final Audit audit = new Audit();
    private HelperService service = service(Duration.ofMinutes(5));

    private HelperService service(Duration ttl) {
        return HelperService.builder("com.example.Risky")
                .operation(Operation.named("Wipe").allowUsers(1000, 1001).needsApproval()
                        .parameter(Parameter.integer("disk", 0, 9))
                        .body(args -> {
                            runs.incrementAndGet();
                            return JsonNodeFactory.instance.objectNode().put("wiped",
                                    args.integer("disk"));
                        }).build())
                .operation(Operation.named("Format").allowGroups(50).needsApproval()
                        .body(args -> {
                            runs.incrementAndGet();
                            return JsonNodeFactory.instance.objectNode();
                        }).build())
                .approvers(ADMINS).approvalTimeout(ttl).maxPending(2, 3)
                .auditTo(audit.lines::add).build();
    }

    @AfterEach
    void close() {
        service.close();
    }

    private String request(TestPeer who) {
        Reply reply = service.handle(who, "com.example.Risky.Wipe", params("{\"disk\": 3}"));
        assertNull(reply.error(), reply.error());
        String id = reply.parameters().get("pending").asText();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        return id;
    }

    private Reply call(TestPeer who, String method, String id) {
        return service.handle(who, "org.caps4j.helper." + method,
                JsonNodeFactory.instance.objectNode().put("id", id));
    }

    @Test
    void h9IdsAreDistinct128BitAndNotSequential() {
        Set<String> ids = new HashSet<>();
        long bitsSet = 0;
        BigInteger previous = null;
        for (int i = 0; i < 10_000; i++) {
            String id = ApprovalStore.newId();
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            ids.add(id);
            BigInteger value = new BigInteger(id, 16);
            bitsSet += value.bitCount();
            if (previous != null) {
                // a counter or clock would leave consecutive ids within 2^64 of each other
                assertTrue(value.subtract(previous).abs().bitLength() > 64, id);
            }
            previous = value;
        }
        assertEquals(10_000, ids.size());
        double ones = bitsSet / (10_000.0 * 128);
        assertTrue(Math.abs(ones - 0.5) < 0.01, "every bit random: " + ones);
    }

    @Test
    void h9ApprovedRequestRunsOnceForTheRequesterOnly() {
        String id = request(ALICE);
        assertEquals(0, runs.get(), "pending, not run");
        assertTrue(audit.last().contains("decision=pending result=- detail=\"request " + id),
                audit.last());
        assertEquals(HelperErrors.NOT_YET_APPROVED, call(ALICE, "Collect", id).error());
        assertEquals(HelperErrors.NOT_AUTHORIZED, call(ALICE, "Approve", id).error(),
                "the requester cannot approve herself");
        assertEquals(HelperErrors.NOT_AUTHORIZED, call(BOB, "Approve", id).error());
        assertEquals(HelperErrors.NOT_AUTHORIZED, service.handle(BOB,
                "org.caps4j.helper.ListPending", params()).error());

        Reply listed = service.handle(ADMIN, "org.caps4j.helper.ListPending", params());
        assertEquals(id, listed.parameters().get("requests").get(0).get("id").asText());
        assertEquals(3, listed.parameters().get("requests").get(0).get("parameters")
                .get("disk").asInt(), "the administrator sees what is asked");

        assertNull(call(ADMIN, "Approve", id).error());
        assertEquals(HelperErrors.UNKNOWN_REQUEST, call(ADMIN, "Approve", id).error(),
                "decided once");
        assertEquals(HelperErrors.UNKNOWN_REQUEST, call(BOB, "Collect", id).error(),
                "another uid cannot collect");
        Reply done = call(ALICE, "Collect", id);
        assertNull(done.error());
        assertEquals(3, done.parameters().get("wiped").asInt());
        assertEquals(1, runs.get());
        assertEquals(HelperErrors.UNKNOWN_REQUEST, call(ALICE, "Collect", id).error(),
                "single use");
        assertEquals(1, runs.get());
    }

    @Test
    void collectingReChecksWhoMayCallTheOperation() {
        Reply pending = service.handle(peer(1000, 1000, 50), "com.example.Risky.Format", params());
        String id = pending.parameters().get("pending").asText();
        assertNull(call(ADMIN, "Approve", id).error());
        assertEquals(HelperErrors.NOT_AUTHORIZED, call(ALICE, "Collect", id).error(),
                "same uid, but no longer in group 50");
        assertEquals(0, runs.get());
    }

    @Test
    void anApproverIsReCheckedWithNow() {
        String id = request(ALICE);
        PeerCredentials admin = ADMIN.atConnect;
        TestPeer demoted = new TestPeer(admin, new PeerCredentials(0, 0, admin.pid(), new int[0]));
        assertEquals(HelperErrors.NOT_AUTHORIZED, call(demoted, "Approve", id).error());
        assertEquals(HelperErrors.NOT_AUTHORIZED, call(new TestPeer(admin, null), "Approve", id)
                .error(), "now() failed");
        assertEquals(HelperErrors.NOT_YET_APPROVED, call(ALICE, "Collect", id).error());
        assertNull(call(ADMIN, "Approve", id).error());
    }

    @Test
    void h9DeniedRequestNeverRuns() {
        String id = request(BOB);
        assertNull(call(ADMIN, "Deny", id).error());
        assertEquals(HelperErrors.UNKNOWN_REQUEST, call(ADMIN, "Approve", id).error());
        assertEquals(HelperErrors.DENIED, call(BOB, "Collect", id).error());
        assertEquals(HelperErrors.UNKNOWN_REQUEST, call(BOB, "Collect", id).error());
        assertEquals(0, runs.get());
    }

    @Test
    void h9ExpiredIdsFail() throws Exception {
        service.close();
        service = service(Duration.ofMillis(200));
        String approved = request(ALICE);
        String waiting = request(ALICE);
        assertNull(call(ADMIN, "Approve", approved).error());
        Thread.sleep(400);
        assertEquals(HelperErrors.UNKNOWN_REQUEST, call(ALICE, "Collect", approved).error());
        assertEquals(HelperErrors.UNKNOWN_REQUEST, call(ADMIN, "Approve", waiting).error());
        assertEquals(0, runs.get());
        assertNull(call(ADMIN, "Approve", request(ALICE)).error(), "expired ids free the quota");
    }

    @Test
    void pendingRequestsAreBoundedPerUidAndInTotal() {
        request(ALICE);
        request(ALICE);
        assertEquals(HelperErrors.TOO_MANY_PENDING, service.handle(ALICE,
                "com.example.Risky.Wipe", params("{\"disk\": 3}")).error());
        request(BOB);
        assertEquals(HelperErrors.TOO_MANY_PENDING, service.handle(BOB,
                "com.example.Risky.Wipe", params("{\"disk\": 3}")).error(), "total of 3");
    }

    @Test
    void invalidRequestsAreNotStoredAndMalformedIdsAreInvalid() {
        assertEquals(HelperErrors.INVALID_PARAMETER, service.handle(ALICE,
                "com.example.Risky.Wipe", params("{\"disk\": 30}")).error());
        assertEquals(0, service.handle(ADMIN, "org.caps4j.helper.ListPending", params())
                .parameters().get("requests").size());
        for (String id : List.of("", "0", "ABCDEF0123456789ABCDEF0123456789", "../x",
                "0123456789abcdef0123456789abcdef0")) {
            Reply reply = call(ADMIN, "Approve", id);
            assertEquals(HelperErrors.INVALID_PARAMETER, reply.error(), id);
            assertEquals("id", reply.parameters().get("parameter").asText());
        }
        ObjectNode extra = JsonNodeFactory.instance.objectNode().put("id", request(ALICE))
                .put("and", 1);
        assertEquals(HelperErrors.INVALID_PARAMETER,
                service.handle(ADMIN, "org.caps4j.helper.Approve", extra).error());
        assertEquals(List.of("com.example.Risky", "org.caps4j.helper"), service.interfaces());
    }
}
