// bench/calibration/types.ts (created by calib; create an identical copy in your worktree so your code compiles)
export interface CalibrationRow { dataset: string; figure: string; standIn: number | string; real: number | string; tolerance: string; ok: boolean; source: string }
export interface CalibrationCheck { dataset: string; run(opts: { quick: boolean }): Promise<CalibrationRow[]> }
