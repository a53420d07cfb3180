package streamlab.ui.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.ToLongFunction;
import javafx.beans.value.ObservableLongValue;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.util.Callback;

/**
 * Confined to the FX Application Thread. A row factory that gives the row of the current record the style class
 * {@code current-row}. It listens to the current record once, for all its rows, and holds its rows weakly: a table
 * that makes new rows (a column rebuild, a resize) lets the old ones go instead of keeping each alive through a
 * listener of its own on a property that lives as long as the tab.
 */
final class CurrentRowFactory<T> implements Callback<TableView<T>, TableRow<T>> {

    private final ObservableLongValue current;
    private final ToLongFunction<T> key;
    private final Set<TableRow<T>> rows = Collections.newSetFromMap(new WeakHashMap<>());

    CurrentRowFactory(ObservableLongValue current, ToLongFunction<T> key) {
        this.current = current;
        this.key = key;
        current.addListener((o, a, b) -> new ArrayList<>(rows).forEach(this::mark));
    }

    @Override
    public TableRow<T> call(TableView<T> table) {
        TableRow<T> row = new TableRow<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                mark(this);
            }
        };
        rows.add(row);
        return row;
    }

    /** How many rows are still alive; for tests. */
    int liveRows() {
        return rows.size();
    }

    private void mark(TableRow<T> row) {
        T item = row.getItem();
        boolean isCurrent = item != null && !row.isEmpty() && key.applyAsLong(item) == current.get();
        row.getStyleClass().remove("current-row");
        if (isCurrent) {
            row.getStyleClass().add("current-row");
        }
    }
}
