/**
 * The calibration bench's contract (issue 11): each module in bench/calibration/ that exports
 * `check: CalibrationCheck` contributes rows comparing a stand-in's figure with the real one.
 */
export interface CalibrationRow { dataset: string; figure: string; standIn: number | string; real: number | string; tolerance: string; ok: boolean; source: string }
export interface CalibrationCheck { dataset: string; run(opts: { quick: boolean }): Promise<CalibrationRow[]> }
