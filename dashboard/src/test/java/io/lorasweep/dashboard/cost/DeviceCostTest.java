package io.lorasweep.dashboard.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DeviceCostTest {

    /** The demo's sweep showed gpu_hours and cost_usd swapped in its per-device row (0.0284 h, $0.5686, $20/h). */
    @Test
    void perDeviceRowsSumToTheTotalsAndEachPriceIsCostOverHours() {
        Table trials = Table.create("trials", LongColumn.create("trial_id", 1, 2, 3),
                StringColumn.create("state", "complete", "complete", "failed"),
                StringColumn.create("device_type", "cpu", "cpu", "a100"),
                DoubleColumn.create("gpu_hours", 0.25, 0.319, 2.0),
                DoubleColumn.create("cost_usd", 0.0125, 0.01595, 6.0),
                StringColumn.create("cost_estimated", "no", "no", "no"),
                DoubleColumn.create("objective", 0.5, 0.6, Double.NaN));

        Table devices = CostReports.devices(trials);

        assertEquals(2, devices.rowCount());
        double hours = 0;
        double cost = 0;
        for (int i = 0; i < devices.rowCount(); i++) {
            String device = devices.stringColumn("device_type").get(i);
            double h = devices.doubleColumn("gpu_hours").get(i);
            double c = devices.doubleColumn("cost_usd").get(i);
            assertEquals(c / h, devices.doubleColumn("usd_per_gpu_hour").get(i), 1e-12, device);
            assertEquals(device.equals("cpu") ? 0.05 : 3.0, c / h, 1e-12, device + " is priced at its own rate");
            assertEquals(device.equals("cpu") ? 2 : 1, devices.doubleColumn("trials").get(i), device);
            hours += h;
            cost += c;
        }
        assertEquals(trials.doubleColumn("gpu_hours").sum(), hours, 1e-12);
        assertEquals(trials.doubleColumn("cost_usd").sum(), cost, 1e-12);
    }
}
