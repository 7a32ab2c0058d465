/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Credentials: refuse a set-id invocation, switch uid/gid keeping capabilities, then set the
 * grant into all five sets, lock the securebits, set no_new_privs, drop CAP_SETPCAP last and
 * read everything back from the kernel. The steps are one caps4j transaction run by the shim's
 * own op executor and read-back (ops.c, state_check.c), the code every caps4j broadcast and
 * Launcher child runs: one implementation of "apply this plan to the calling task".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../executor.h"
#include "launch.h"

#define BIT(cap) (1ULL << (cap))
#define LOCKED_BITS (SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP \
    | SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE \
    | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

struct sets { uint64_t effective, permitted, inheritable; };

static struct sets get_sets(void)
{
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) != 0) {
        launch_die("capget: %s", strerror(errno));
    }
    struct sets s = {
        data[0].effective | (uint64_t) data[1].effective << 32,
        data[0].permitted | (uint64_t) data[1].permitted << 32,
        data[0].inheritable | (uint64_t) data[1].inheritable << 32,
    };
    return s;
}

void launch_creds_check_invoker(void)
{
    uid_t ruid, euid, suid;
    gid_t rgid, egid, sgid;
    if (getresuid(&ruid, &euid, &suid) != 0 || getresgid(&rgid, &egid, &sgid) != 0) {
        launch_die("cannot read the invoker's ids: %s", strerror(errno));
    }
    if (ruid != euid || ruid != suid || rgid != egid || rgid != sgid) {
        launch_die("real and effective ids differ (uid %u/%u/%u, gid %u/%u/%u): caps4j-launch "
                   "must not be set-uid or set-gid; install it with setcap ...=p only",
                   ruid, euid, suid, rgid, egid, sgid);
    }
    if (ruid != 0 && get_sets().effective != 0) {
        launch_die("started with effective capabilities: install with setcap ...=p, never +e");
    }
}

/* The system call of each op kind, for messages. */
static const char *op_name(uint32_t kind)
{
    switch (kind) {
    case CAPS4J_OP_CAPSET: return "capset";
    case CAPS4J_OP_BOUNDING_DROP: return "bounding drop (PR_CAPBSET_DROP)";
    case CAPS4J_OP_AMBIENT_CLEAR: return "ambient clear (PR_CAP_AMBIENT_CLEAR_ALL)";
    case CAPS4J_OP_AMBIENT_RAISE: return "ambient raise (PR_CAP_AMBIENT_RAISE)";
    case CAPS4J_OP_KEEP_CAPS: return "keep-caps (PR_SET_KEEPCAPS)";
    case CAPS4J_OP_SECUREBITS: return "lock securebits (PR_SET_SECUREBITS)";
    case CAPS4J_OP_NO_NEW_PRIVS: return "no_new_privs (PR_SET_NO_NEW_PRIVS)";
    case CAPS4J_OP_SETGROUPS: return "setgroups";
    case CAPS4J_OP_SETRESGID: return "setresgid";
    case CAPS4J_OP_SETRESUID: return "setresuid";
    default: return "an op";
    }
}

static void add_op(struct caps4j_transaction *txn, uint32_t kind, uint64_t arg, uint64_t arg2,
                   uint64_t arg3)
{
    txn->ops[txn->op_count++] = (struct caps4j_op){ .kind = kind, .arg = arg, .arg2 = arg2,
                                                    .arg3 = arg3 };
}

/*
 * The launch as one transaction for the shim's op executor (src/main/c/ops.c, the same code
 * every caps4j broadcast and Launcher child runs), with the whole target state it must reach.
 */
static void plan(const struct launch_policy *policy, uint64_t permitted, int last,
                 struct caps4j_transaction *txn)
{
    uint64_t grant = policy->grant;
    uint64_t every = last >= 63 ? ~0ULL : (BIT(last + 1) - 1);
    int switching = policy->has_user || policy->has_group;

    txn->fields = CAPS4J_FIELD_CAPS | CAPS4J_FIELD_BOUNDING | CAPS4J_FIELD_AMBIENT
        | CAPS4J_FIELD_SECUREBITS | CAPS4J_FIELD_NO_NEW_PRIVS
        | (switching ? CAPS4J_FIELD_GIDS | CAPS4J_FIELD_GROUPS : 0)
        | (policy->has_user ? CAPS4J_FIELD_UIDS : 0);
    txn->bounding_bits = every;
    txn->ambient_bits = every;
    struct caps4j_state *target = &txn->target;
    target->effective = target->permitted = target->inheritable = grant;
    target->bounding = target->ambient = grant;
    target->securebits = LOCKED_BITS; /* the whole word: keep-caps is off */
    target->no_new_privs = 1;
    for (int i = 0; i < 3; i++) {
        target->uid[i] = policy->uid;
        target->gid[i] = policy->gid;
    }
    target->group_count = 1;
    target->groups[0] = policy->gid;

    /* Raise effective (the steps below need CAP_SETPCAP, CAP_SETUID, CAP_SETGID), set I. */
    add_op(txn, CAPS4J_OP_CAPSET, permitted, permitted, grant);
    if (switching) {
        add_op(txn, CAPS4J_OP_KEEP_CAPS, 1, 0, 0);
        add_op(txn, CAPS4J_OP_SETGROUPS, 0, 0, 0);
        add_op(txn, CAPS4J_OP_SETRESGID, policy->gid, policy->gid, policy->gid);
        if (policy->has_user)
            add_op(txn, CAPS4J_OP_SETRESUID, policy->uid, policy->uid, policy->uid);
        add_op(txn, CAPS4J_OP_KEEP_CAPS, 0, 0, 0);
        add_op(txn, CAPS4J_OP_CAPSET, permitted, permitted, grant); /* E was cleared */
    }
    add_op(txn, CAPS4J_OP_BOUNDING_DROP, every & ~grant & ~BIT(CAP_SETPCAP), 0, 0);
    add_op(txn, CAPS4J_OP_AMBIENT_CLEAR, 0, 0, 0);
    add_op(txn, CAPS4J_OP_AMBIENT_RAISE, grant, 0, 0);
    add_op(txn, CAPS4J_OP_SECUREBITS, LOCKED_BITS, 0, 0);
    add_op(txn, CAPS4J_OP_NO_NEW_PRIVS, 1, 0, 0);
    if (!(grant & BIT(CAP_SETPCAP)))
        add_op(txn, CAPS4J_OP_BOUNDING_DROP, BIT(CAP_SETPCAP), 0, 0); /* last use was above */
    add_op(txn, CAPS4J_OP_CAPSET, grant, grant, grant);
}

void launch_creds_apply(const struct launch_policy *policy)
{
    uint64_t grant = policy->grant;
    int switching = policy->has_user || policy->has_group;
    int last = launch_cap_last();
    struct sets start = get_sets();
    uint64_t required = grant | BIT(CAP_SETPCAP)
        | (switching ? BIT(CAP_SETGID) : 0) | (policy->has_user ? BIT(CAP_SETUID) : 0);
    if (required & ~start.permitted) {
        char missing[1024];
        launch_grant_format(required & ~start.permitted, missing, sizeof missing);
        launch_die("caps4j-launch lacks %s in its permitted set: install it with "
                   "setcap <every capability its policies grant>,cap_setpcap%s=p", missing,
                   switching ? ",cap_setuid,cap_setgid" : "");
    }
    static struct caps4j_transaction txn; /* 2.4 KiB: not on the stack */
    plan(policy, start.permitted, last, &txn);
    int32_t step;
    int32_t rc = c4j_run_ops(&txn, &step);
    if (rc < 0) {
        launch_die("%s: %s", op_name(txn.ops[step].kind), strerror(-rc));
    }
    int32_t securebits;
    uint32_t differ = c4j_mismatched(&txn, txn.fields, &securebits);
    if (differ) {
        launch_die("kernel state differs after setup (caps4j field bits 0x%x; securebits 0x%x)",
                   differ, (unsigned) securebits);
    }
}
