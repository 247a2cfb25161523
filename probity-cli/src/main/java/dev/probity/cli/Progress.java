package dev.probity.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on standard error, drawn only for long work on a terminal. */
final class Progress implements AutoCloseable {
    /** Inputs smaller than this finish too quickly for a bar to help. */
    static final long MIN_BYTES = 64L << 20;

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(String task, long totalBytes, boolean wanted) {
        if (!wanted || totalBytes < MIN_BYTES || System.console() == null) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalBytes >> 20).setUnit(" MiB", 1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200).build();
        return new Progress(bar);
    }

    void update(long done, long total) {
        if (bar != null) {
            bar.stepTo(done >> 20);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
