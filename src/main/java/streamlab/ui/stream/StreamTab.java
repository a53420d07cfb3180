package streamlab.ui.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import streamlab.report.ReportHeader;
import streamlab.ui.LabTab;
import streamlab.ui.export.ExportBundle;

/**
 * Confined to the FX Application Thread. The Stream tab's run control and export, over its ViewModel: what the
 * window's F5 and Export run reach through the tab registry.
 */
final class StreamTab implements LabTab.Controls {

    private final StreamViewModel vm;
    /** Brings the pacing settings into view before the export's screenshot is taken. */
    private final Runnable beforeSnapshot;

    StreamTab(StreamViewModel vm, Runnable beforeSnapshot) {
        this.vm = vm;
        this.beforeSnapshot = beforeSnapshot;
    }

    /** Stops the stream under way, or starts one when a file is loaded. */
    @Override
    public void startOrStop() {
        if (vm.state.get().isActive()) {
            vm.stop();
        } else if (vm.info.get() != null) {
            vm.start();
        }
    }

    @Override
    public ExportBundle exportBundle(ReportHeader header) {
        // The window takes the tab's screenshot right after this: the pacing must be in it.
        beforeSnapshot.run();
        return StreamExport.bundle(vm, header);
    }

    @Override
    public Map<String, String> keyParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("file", vm.file.get() == null ? "-" : String.valueOf(vm.file.get().getFileName()));
        p.put("interval", vm.interval.get());
        p.put("order", vm.reverse.get() ? "reversed" : "file order");
        p.put("sent", String.valueOf(vm.sent.get()));
        return p;
    }
}
