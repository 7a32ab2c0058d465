/*
 * Credentials: refuse a set-id invocation, switch uid/gid keeping capabilities, then set the
 * grant into all five sets, lock the securebits, set no_new_privs, drop CAP_SETPCAP last and
 * read everything back from the kernel. Raw capget/capset (uapi headers only, no libcap).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

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

static void set_sets(struct sets s, const char *step)
{
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2] = {
        { (uint32_t) s.effective, (uint32_t) s.permitted, (uint32_t) s.inheritable },
        { (uint32_t) (s.effective >> 32), (uint32_t) (s.permitted >> 32),
          (uint32_t) (s.inheritable >> 32) },
    };
    if (syscall(SYS_capset, &header, data) != 0) {
        launch_die("capset (%s): %s", step, strerror(errno));
    }
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

static void need(int ok, const char *step)
{
    if (!ok) {
        launch_die("%s: %s", step, strerror(errno));
    }
}

static void verify(const struct launch_policy *policy, uint64_t grant, int last)
{
    struct sets s = get_sets();
    char want[1024], got[1024];
    launch_grant_format(grant, want, sizeof want);
    if (s.effective != grant || s.permitted != grant || s.inheritable != grant) {
        launch_grant_format(s.permitted, got, sizeof got);
        launch_die("kernel state differs after setup: E/P/I are not exactly %s (P is %s)", want, got);
    }
    for (int cap = 0; cap <= last; cap++) {
        int in_grant = (grant & BIT(cap)) != 0;
        if (prctl(PR_CAPBSET_READ, (unsigned long) cap, 0, 0, 0) != in_grant
            || prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, (unsigned long) cap, 0, 0) != in_grant) {
            launch_die("kernel state differs after setup: capability %d in bounding/ambient", cap);
        }
    }
    if (prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) != LOCKED_BITS
        || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1 || prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0) != 0) {
        launch_die("kernel state differs after setup: securebits, no_new_privs or keep-caps");
    }
    uid_t r, e, su;
    gid_t rg, eg, sg;
    if (getresuid(&r, &e, &su) != 0 || getresgid(&rg, &eg, &sg) != 0
        || (policy->has_user && (r != policy->uid || e != policy->uid || su != policy->uid))
        || ((policy->has_user || policy->has_group)
            && (rg != policy->gid || eg != policy->gid || sg != policy->gid))) {
        launch_die("kernel state differs after setup: uid/gid are not the policy's");
    }
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
    struct sets working = { start.permitted, start.permitted, grant };
    set_sets(working, "raise effective, set inheritable");

    if (switching) {
        need(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0, "keep-caps on");
        need(setgroups(1, &policy->gid) == 0, "setgroups");
        need(setresgid(policy->gid, policy->gid, policy->gid) == 0, "setresgid");
        if (policy->has_user) {
            need(setresuid(policy->uid, policy->uid, policy->uid) == 0, "setresuid");
        }
        need(prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == 0, "keep-caps off");
        set_sets(working, "re-raise effective after the id switch");
    }
    for (int cap = 0; cap <= last; cap++) {
        if (!(grant & BIT(cap)) && cap != CAP_SETPCAP) {
            need(prctl(PR_CAPBSET_DROP, (unsigned long) cap, 0, 0, 0) == 0, "bounding drop");
        }
    }
    need(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == 0, "ambient clear");
    for (int cap = 0; cap <= last; cap++) {
        if (grant & BIT(cap)) {
            need(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long) cap, 0, 0) == 0,
                 "ambient raise");
        }
    }
    need(prctl(PR_SET_SECUREBITS, LOCKED_BITS, 0, 0, 0) == 0, "lock securebits");
    need(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0, "no_new_privs");
    if (!(grant & BIT(CAP_SETPCAP))) {
        need(prctl(PR_CAPBSET_DROP, (unsigned long) CAP_SETPCAP, 0, 0, 0) == 0,
             "bounding drop of cap_setpcap");
    }
    struct sets final = { grant, grant, grant };
    set_sets(final, "reduce to the grant");
    verify(policy, grant, last);
}
