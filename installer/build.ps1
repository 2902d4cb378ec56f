# Windows build of REDI Desktop: the PyInstaller onedir bundle, its self test, then the Inno Setup installer
# dist\REDI-Desktop-VERSION-setup.exe (per user, no administrator rights needed to install it).
#
# On the Windows build machine (Windows 10 or 11, x64), once:
#   - Python 3.12 or 3.13 x64 from python.org ("py -3.12" must work); Python 3.11 does not do (see README);
#   - Inno Setup 6 (https://jrsoftware.org/isdl.php), with its French and Dutch languages (installed by default);
#   - this repository (git clone or a copy of the source).
# Then, in PowerShell, from the repository:
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1
# Options: -Python C:\Path\to\python.exe to choose the interpreter (default: py -3.12), -SkipCatalogs for a
# quick local build.
# The installer is unsigned; sign dist\redi-desktop\redi-desktop.exe and the setup with signtool if the CPAS
# has a code-signing certificate (SmartScreen warns about unsigned downloads).
param(
    [string]$Python = "",
    [switch]$SkipCatalogs
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit status $LASTEXITCODE" }
}

# 1. a virtual environment of its own, with the application and the dev extra (PyInstaller)
$venv = ".venv-win"
if (-not (Test-Path "$venv\Scripts\python.exe")) {
    if ($Python) { Invoke-Checked $Python @("-m", "venv", $venv) }
    else { Invoke-Checked "py" @("-3.12", "-m", "venv", $venv) }
}
$py = "$venv\Scripts\python.exe"
Invoke-Checked $py @("-c", "import sys; sys.exit(sys.version_info < (3, 12))")  # PySide6 6.12 needs 3.12+
Invoke-Checked $py @("-m", "pip", "install", "--upgrade", "pip")
Invoke-Checked $py @("-m", "pip", "install", "-e", ".[dev]")
$version = (& $py -c "import redi_desktop; print(redi_desktop.__version__)").Trim()

# 2. the catalogs: extracted, merged, compiled; the build stops if a string is untranslated
if (-not $SkipCatalogs) { Invoke-Checked $py @("-m", "redi_desktop.i18n.catalogs") }

# 3. the onedir bundle (windowed, version resource, icon)
$watch = [Diagnostics.Stopwatch]::StartNew()
Invoke-Checked $py @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                     "--distpath", "dist", "--workpath", "build\pyinstaller", "installer\redi-desktop.spec")
$size = (Get-ChildItem -Recurse -File "dist\redi-desktop" | Measure-Object -Sum Length).Sum / 1MB
Write-Host ("built in {0:N0} s: {1:N0} MB in dist\redi-desktop" -f $watch.Elapsed.TotalSeconds, $size)

# 4. the frozen program's self test. The program is windowed (no console), so it writes its report to
#    selftest.log in its data folder: point that folder at a temporary one and show the report.
$data = Join-Path ([IO.Path]::GetTempPath()) ("redi-selftest-" + [Guid]::NewGuid())
$env:REDI_DESKTOP_DATA = $data
$proc = Start-Process -FilePath "dist\redi-desktop\redi-desktop.exe" -ArgumentList "selftest" -Wait -PassThru
Remove-Item Env:\REDI_DESKTOP_DATA
Get-Content "$data\selftest.log" -ErrorAction SilentlyContinue
Remove-Item -Recurse -Force $data -ErrorAction SilentlyContinue
if ($proc.ExitCode -ne 0) { throw "the frozen self test failed (exit status $($proc.ExitCode))" }

# 5. the installer
$iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
          "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $iscc) { $iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source }
if (-not $iscc) { throw "Inno Setup 6 (ISCC.exe) not found: install it from https://jrsoftware.org/isdl.php" }
Invoke-Checked $iscc @("/Qp", "/DAppVersion=$version", "installer\redi-desktop.iss")
Write-Host "dist\REDI-Desktop-$version-setup.exe"
