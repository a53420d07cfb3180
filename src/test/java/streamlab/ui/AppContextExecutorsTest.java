package streamlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppContextExecutorsTest {

    @TempDir
    Path outDir;

    @Test
    void eachTabHasOneNamedDaemonThreadThatCloseShutsDown() throws Exception {
        AppContext context = FxTestSupport.context(outDir);
        ExecutorService stream = context.io("stream");
        assertSame(stream, context.io("stream"), "one executor per tab");
        Thread thread = CompletableFuture.supplyAsync(Thread::currentThread, stream).get(5, TimeUnit.SECONDS);
        assertEquals("stream-io", thread.getName());
        assertTrue(thread.isDaemon());
        String window = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), context.background())
                .get(5, TimeUnit.SECONDS);
        assertEquals("window-io", window);

        context.close();
        assertTrue(stream.isTerminated());
        assertTrue(context.background().isTerminated());
    }
}
