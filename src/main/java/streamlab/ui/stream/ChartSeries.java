package streamlab.ui.stream;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * Confined to the FX Application Thread. Keeps a chart series equal to the view model's list of points, so the view
 * model holds plain data and only the view knows about chart nodes.
 */
final class ChartSeries {

    private ChartSeries() {
    }

    /** A series that follows {@code points}: points added at the end, removed from the front, or all cleared. */
    static XYChart.Series<Number, Number> following(ObservableList<StreamViewModel.ChartPoint> points) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        points.forEach(p -> series.getData().add(data(p)));
        points.addListener((ListChangeListener<StreamViewModel.ChartPoint>) c -> {
            ObservableList<XYChart.Data<Number, Number>> data = series.getData();
            while (c.next()) {
                if (c.wasRemoved()) {
                    data.remove(c.getFrom(), c.getFrom() + c.getRemovedSize());
                }
                if (c.wasAdded()) {
                    data.addAll(c.getFrom(), c.getAddedSubList().stream().map(ChartSeries::data).toList());
                }
            }
            if (data.isEmpty() && series.getNode() instanceof javafx.scene.shape.Path line) {
                // LineChart redraws its line only from the points it has, so emptying the series would leave the
                // last run's line on screen under the new column's name.
                line.getElements().clear();
            }
        });
        return series;
    }

    private static XYChart.Data<Number, Number> data(StreamViewModel.ChartPoint p) {
        return new XYChart.Data<>(p.seq(), p.value());
    }
}
