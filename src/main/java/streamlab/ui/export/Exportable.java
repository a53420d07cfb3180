package streamlab.ui.export;

import java.util.Map;
import streamlab.report.ReportHeader;

/** A tab's run that can be exported, and whose key parameters can be printed under a screenshot. */
public interface Exportable {

    /**
     * A snapshot of the current run, taken on the FX Application Thread. Its raw-file writers run later on a
     * background thread, so they must capture immutable data, not live controls.
     */
    ExportBundle exportBundle(ReportHeader header);

    /** A few key parameters for a screenshot footer, for example {@code threads=3, lock=off}. */
    Map<String, String> keyParameters();
}
