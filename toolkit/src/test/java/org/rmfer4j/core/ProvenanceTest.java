package org.rmfer4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit a number carries, read from a checkout's .git files: plain clones, linked worktrees, packed refs. */
class ProvenanceTest {
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "89abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aCloneWithALooseOrPackedBranchOrADetachedHead() throws Exception {
        Path home = dir.resolve("clone");
        Files.createDirectories(home.resolve(".git/refs/heads"));
        Files.writeString(home.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(home.resolve(".git/refs/heads/main"), A + "\n");
        assertEquals(A, Provenance.commit(home));
        Files.delete(home.resolve(".git/refs/heads/main"));
        Files.writeString(home.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + B + " refs/heads/main\n");
        assertEquals(B, Provenance.commit(home));
        Files.writeString(home.resolve(".git/HEAD"), A + "\n");
        assertEquals(A, Provenance.commit(home));
    }

    @Test
    void aLinkedWorktreeReadsItsHeadAndTheMainRepositorysRefs() throws Exception {
        Path main = dir.resolve("main");
        Path wt = main.resolve(".git/worktrees/dev");
        Files.createDirectories(wt);
        Files.createDirectories(main.resolve(".git/refs/heads"));
        Files.writeString(main.resolve(".git/refs/heads/topic"), B + "\n");
        Files.writeString(wt.resolve("commondir"), "../..\n");
        Path home = Files.createDirectories(dir.resolve("dev"));
        Files.writeString(home.resolve(".git"), "gitdir: " + wt + "\n");
        Files.writeString(wt.resolve("HEAD"), A + "\n");
        assertEquals(A, Provenance.commit(home), "detached worktree HEAD");
        Files.writeString(wt.resolve("HEAD"), "ref: refs/heads/topic\n");
        assertEquals(B, Provenance.commit(home), "branch from the common folder");
    }

    @Test
    void anythingElseIsUnknown() throws Exception {
        assertEquals("unknown", Provenance.commit(dir.resolve("nothing")));
        Path odd = Files.createDirectories(dir.resolve("odd"));
        Files.writeString(odd.resolve(".git"), "not a gitdir line\n");
        assertEquals("unknown", Provenance.commit(odd));
        Path escaping = Files.createDirectories(dir.resolve("esc/.git"));
        Files.writeString(escaping.resolve("HEAD"), "ref: ../../etc/passwd\n");
        assertEquals("unknown", Provenance.commit(dir.resolve("esc")));
    }
}
