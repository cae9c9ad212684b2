package co.usdcop.gate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * What the dashboard's charts show on their axes, read in the browser: every chart records after each draw, in its
 * {@code data-axes} attribute, each axis's tick labels as drawn, its scale range, its size, tick length and gap and its
 * font (web/js/charts.js {@code recordAxes}; the Market page's candlesticks record theirs alike). The label widths are
 * measured here again, in the browser, with a canvas in the axis's font, not taken from the page.
 */
public final class ChartAxes {

    /**
     * Reads every chart under {@code selector} (e.g. {@code "[data-axes]"}): per chart its element id (or data-panel,
     * or class) and its axes, each with {@code measured}, the width in CSS px of its widest label line.
     */
    private static final String READ = """
            const out = [];
            const ctx = document.createElement('canvas').getContext('2d');
            for (const node of document.querySelectorAll(arguments[0])) {
              const axes = JSON.parse(node.dataset.axes);
              for (const a of axes) {
                ctx.font = a.font;
                a.measured = Math.max(0, ...a.labels.flatMap((l) => l.split('\\n')).map((l) => ctx.measureText(l).width));
              }
              out.push({ chart: node.id || node.dataset.panel || node.className, axes });
            }
            return out;""";

    private ChartAxes() {
    }

    /** One axis of one chart as recorded. */
    public record Axis(String chart, String scale, boolean time, List<String> labels, Double min, Double max,
            double size, double tickSize, double gap, double measured) {

        /** Labels that are not blank (uPlot leaves a filtered tick's label empty). */
        public List<String> shown() {
            return labels.stream().filter(l -> !l.isBlank()).toList();
        }

        public boolean isY() {
            return !"x".equals(scale);
        }
    }

    /** Waits until at least {@code charts} elements under {@code selector} have recorded their axes, and reads them. */
    public static List<Axis> read(Browser browser, String selector, int charts) {
        browser.until(d -> d.findElements(By.cssSelector(selector)).size() >= charts,
                charts + " charts with their axes recorded (" + selector + ")");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> found = (List<Map<String, Object>>) ((JavascriptExecutor) browser.driver())
                .executeScript(READ, selector);
        List<Axis> out = new ArrayList<>();
        for (Map<String, Object> chart : found) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> axes = (List<Map<String, Object>>) chart.get("axes");
            for (Map<String, Object> a : axes) {
                @SuppressWarnings("unchecked")
                List<Object> labels = (List<Object>) a.get("labels");
                out.add(new Axis(String.valueOf(chart.get("chart")), String.valueOf(a.get("scale")),
                        Boolean.TRUE.equals(a.get("time")), labels.stream().map(String::valueOf).toList(),
                        number(a.get("min")), number(a.get("max")), number(a.get("size")), number(a.get("tickSize")),
                        number(a.get("gap")), number(a.get("measured"))));
            }
        }
        return out;
    }

    /**
     * Asserts that every axis of the charts read labels each tick once (no two ticks read alike) and that every y
     * axis is wide enough for its widest label: size − tick length − gap ≥ the label's measured width, so "100.00 %"
     * is never clipped to "00.00 %". Returns the axes for further checks.
     */
    public static List<Axis> assertReadable(Browser browser, String selector, int charts) {
        List<Axis> axes = read(browser, selector, charts);
        assertFalse(axes.isEmpty(), "no chart axes under " + selector);
        for (Axis a : axes) {
            List<String> shown = a.shown();
            Set<String> distinct = new HashSet<>(shown);
            assertEquals(shown.size(), distinct.size(), a.chart() + " axis " + a.scale() + " repeats a tick label: "
                    + a.labels());
            if (a.isY()) {
                assertFalse(shown.isEmpty(), a.chart() + " has no y tick label");
                assertTrue(a.size() - a.tickSize() - a.gap() >= a.measured(), a.chart() + ": its widest y label ("
                        + a.measured() + " px of " + a.labels() + ") does not fit its axis (size " + a.size()
                        + " px, ticks " + a.tickSize() + " px, gap " + a.gap() + " px)");
            }
        }
        return axes;
    }

    /** The y axis of the chart named {@code chart} (its id or data-panel). */
    public static Axis y(List<Axis> axes, String chart) {
        return axes.stream().filter(a -> a.chart().equals(chart) && a.isY()).findFirst()
                .orElseThrow(() -> new AssertionError("no y axis of " + chart + " in " + axes));
    }

    /** The x axis of the chart named {@code chart}. */
    public static Axis x(List<Axis> axes, String chart) {
        return axes.stream().filter(a -> a.chart().equals(chart) && !a.isY()).findFirst()
                .orElseThrow(() -> new AssertionError("no x axis of " + chart + " in " + axes));
    }

    private static Double number(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }
}
