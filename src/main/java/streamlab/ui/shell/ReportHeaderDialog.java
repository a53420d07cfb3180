package streamlab.ui.shell;

import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import streamlab.report.ReportHeader;

/** Asks for the report header (name, course, assignment) and whether screenshots carry it in a footer. */
final class ReportHeaderDialog {

    /** Immutable. What the user entered. */
    record Result(ReportHeader header, boolean footer) {
    }

    private ReportHeaderDialog() {
    }

    static Optional<Result> show(Window owner, ReportHeader current, boolean footer) {
        Dialog<Result> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle("Report header");
        dialog.setHeaderText("Printed at the top of every exported report.md");
        TextField name = new TextField(current.name());
        name.setPromptText("Your name");
        TextField course = new TextField(current.course());
        course.setPromptText("Course");
        TextField assignment = new TextField(current.assignment());
        assignment.setPromptText("Assignment or module");
        CheckBox onScreenshots = new CheckBox("Also print it, with the key parameters, under screenshots");
        onScreenshots.setSelected(footer);
        onScreenshots.setTooltip(new Tooltip("Adds a footer line to screenshots and exported screenshot.png files, "
                + "so each picture in your report says whose run it was and how it was set up."));

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("Course"), course);
        grid.addRow(2, new Label("Assignment"), assignment);
        grid.add(onScreenshots, 0, 3, 2, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(button -> button == ButtonType.OK
                ? new Result(new ReportHeader(name.getText(), course.getText(), assignment.getText()),
                        onScreenshots.isSelected())
                : null);
        return dialog.showAndWait();
    }
}
